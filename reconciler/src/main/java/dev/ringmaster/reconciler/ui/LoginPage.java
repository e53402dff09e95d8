package dev.ringmaster.reconciler.ui;

/** The sign-in form shown instead of a page when a read token is needed. Pure. */
final class LoginPage {
  private LoginPage() {}

  static String render(String next, String message) {
    Html h = Html.page("Sign in", 0);
    h.h1("Sign in");
    if (message != null) {
      h.box("error", message);
    }
    h.raw("<p>This dashboard needs an API token with read scope (see docs/dashboard.md). ");
    h.raw("The token is sent once in this form; the browser keeps only a session cookie.</p>");
    h.raw("<form method=\"post\" action=\"/ui/login\">");
    h.raw("<input type=\"hidden\" name=\"next\" value=\"").text(next).raw("\">");
    h.raw("<label>Token <input type=\"password\" name=\"token\" autocomplete=\"off\" required>");
    h.raw("</label> <button type=\"submit\">Sign in</button></form>");
    return h.end();
  }

  /** Where to go after signing in: only a dashboard path of this daemon, else the fleet. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/ui/") || next.startsWith("//") || next.contains("\\")) {
      return "/ui/";
    }
    for (char c : next.toCharArray()) {
      if (c < 0x21 || c > 0x7e) {
        return "/ui/";
      }
    }
    return next;
  }
}
