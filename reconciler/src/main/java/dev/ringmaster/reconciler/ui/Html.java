package dev.ringmaster.reconciler.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a dashboard page: every text goes through {@link #text} (HTML-escaped), every URL
 * parameter through {@link #param}; markup is only ever written by this package's own literals. Not
 * thread-safe; one per response.
 */
final class Html {
  private static final String STYLE =
      "body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}"
          + "header{background:#1d2430;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;"
          + "align-items:center}header a{color:#cfe3ff;text-decoration:none}"
          + "header strong{font-size:1.1em}main{padding:1em 1.2em}"
          + "table{border-collapse:collapse;background:#fff;width:100%;margin:.5em 0 1.2em}"
          + "th,td{border:1px solid #dde1e6;padding:.3em .5em;text-align:left;vertical-align:top}"
          + "th{background:#eef1f5}th a{color:inherit}td.n{text-align:right}"
          + ".ok{color:#116b2f}.bad{color:#b3261e;font-weight:600}.warn{color:#8a5a00}"
          + ".box{padding:.6em .9em;margin:.6em 0;border-radius:4px;border:1px solid}"
          + ".error{background:#fdecea;border-color:#f5b4ae}"
          + ".notice{background:#fff7e0;border-color:#f1d38a}"
          + ".empty{background:#eef1f5;border-color:#dde1e6;color:#555}"
          + "code{font-family:ui-monospace,monospace;font-size:.95em}"
          + ".destructive{color:#b3261e;font-weight:600}.restart{color:#8a5a00}"
          + "form.inline{display:inline}small{color:#666}";

  private final StringBuilder out = new StringBuilder(8192);

  /** Starts a page; {@code refreshSeconds} > 0 adds a meta refresh (works without JavaScript). */
  static Html page(String title, int refreshSeconds) {
    Html h = new Html();
    h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.raw("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    if (refreshSeconds > 0) {
      h.raw("<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">");
    }
    h.raw("<title>").text(title).raw(" · Ringmaster</title><style>").raw(STYLE);
    h.raw("</style></head><body><header><strong>Ringmaster</strong>");
    h.raw("<a href=\"/ui/\">Fleet</a><a href=\"/ui/drift\">Drift</a>");
    h.raw("<a href=\"/ui/plan\">Plan a ref</a></header><main>");
    return h;
  }

  /** HTML-escapes {@code s} (null renders as nothing); safe in text and quoted attributes. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Percent-encodes a query parameter or path segment value. */
  static String param(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  Html text(Object value) {
    out.append(escape(value == null ? null : value.toString()));
    return this;
  }

  Html h1(String title) {
    return raw("<h1>").text(title).raw("</h1>");
  }

  Html h2(String title) {
    return raw("<h2>").text(title).raw("</h2>");
  }

  /** A link: {@code href} must be built from literals and {@link #param}-encoded values. */
  Html link(String href, String label) {
    return raw("<a href=\"").raw(escape(href)).raw("\">").text(label).raw("</a>");
  }

  Html box(String kind, String message) {
    return raw("<div class=\"box " + kind + "\" role=\"status\">").text(message).raw("</div>");
  }

  Html code(String s) {
    return raw("<code>").text(s).raw("</code>");
  }

  Html cell(Object value) {
    return raw("<td>").text(value).raw("</td>");
  }

  Html number(long value) {
    return raw("<td class=\"n\">").text(value).raw("</td>");
  }

  String end() {
    out.append("</main></body></html>");
    return out.toString();
  }
}
