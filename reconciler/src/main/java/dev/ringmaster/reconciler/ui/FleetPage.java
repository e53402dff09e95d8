package dev.ringmaster.reconciler.ui;

import dev.ringmaster.reconciler.daemon.loop.EnvironmentState;
import dev.ringmaster.reconciler.engine.Condition;
import java.util.List;
import java.util.SortedSet;

/**
 * {@code /ui/}: every environment with its conditions, commit in force, pending and held changes,
 * drift count and last pass; a resource-group filter and sortable columns as plain links and a GET
 * form (no JavaScript). Pure.
 */
final class FleetPage {
  private FleetPage() {}

  /** What the page shows; {@code group} empty for every group. */
  record Model(
      String commit,
      List<FleetRow> rows,
      SortedSet<String> groups,
      String group,
      FleetRow.Sort sort,
      boolean descending,
      List<String> problems,
      int refreshSeconds) {}

  static String render(Model m) {
    Html h = Html.page("Fleet", m.refreshSeconds());
    h.h1("Fleet");
    Banner.problems(h, m.problems());
    h.raw("<p>Commit in force: ").code(m.commit() == null ? "none yet" : m.commit());
    h.raw(" · ").text(m.rows().size()).raw(" environment(s)</p>");
    filter(h, m);
    if (m.rows().isEmpty()) {
      h.box(
          "empty",
          m.group().isEmpty()
              ? "No environments: the fleet repository declares none and the state store knows none."
              : "No environment in resource group '" + m.group() + "'.");
      return h.end();
    }
    h.raw("<table id=\"fleet\"><thead><tr>");
    for (FleetRow.Sort s : FleetRow.Sort.values()) {
      header(h, m, s);
    }
    h.raw("<th>Conditions</th></tr></thead><tbody>");
    for (FleetRow r : m.rows()) {
      row(h, r);
    }
    h.raw("</tbody></table>");
    return h.end();
  }

  private static void filter(Html h, Model m) {
    h.raw("<form method=\"get\" action=\"/ui/\" class=\"filter\"><label>Resource group ");
    h.raw("<select name=\"group\"><option value=\"\">all</option>");
    for (String g : m.groups()) {
      h.raw("<option value=\"").text(g).raw(g.equals(m.group()) ? "\" selected>" : "\">");
      h.text(g).raw("</option>");
    }
    h.raw("</select></label><input type=\"hidden\" name=\"sort\" value=\"");
    h.text(m.sort().key()).raw("\"><input type=\"hidden\" name=\"dir\" value=\"");
    h.raw(m.descending() ? "desc" : "asc")
        .raw("\"> <label><input type=\"checkbox\" name=\"refresh\"");
    h.raw(" value=\"30\"").raw(m.refreshSeconds() > 0 ? " checked" : "");
    h.raw("> reload every 30 s</label> <button type=\"submit\">Apply</button></form>");
  }

  private static void header(Html h, Model m, FleetRow.Sort s) {
    boolean current = s == m.sort();
    boolean nextDescending = current && !m.descending();
    String href =
        "/ui/?sort="
            + s.key()
            + (nextDescending ? "&dir=desc" : "")
            + (m.group().isEmpty() ? "" : "&group=" + Html.param(m.group()))
            + (m.refreshSeconds() > 0 ? "&refresh=" + m.refreshSeconds() : "");
    String label = label(s) + (current ? (m.descending() ? " ▼" : " ▲") : "");
    h.raw("<th>").link(href, label).raw("</th>");
  }

  private static String label(FleetRow.Sort s) {
    return switch (s) {
      case NAME -> "Environment";
      case GROUP -> "Resource group";
      case READY -> "Ready";
      case COMMIT -> "Commit";
      case PENDING -> "Pending";
      case HELD -> "Held";
      case DRIFTED -> "Drifted";
      case LAST_PASS -> "Last pass";
    };
  }

  private static void row(Html h, FleetRow r) {
    EnvironmentState s = r.status();
    h.raw("<tr><td>").link("/ui/environments/" + Html.param(s.name()), s.name());
    if (!s.declared()) {
      h.raw(" <small>(no longer declared)</small>");
    }
    h.raw("</td>").cell(r.group());
    h.raw(r.ready() ? "<td class=\"ok\">yes</td>" : "<td class=\"bad\">no</td>");
    h.raw("<td>").code(Banner.abbrev(s.commit())).raw("</td>");
    h.number(s.pending());
    h.raw("<td class=\"n\">").text(r.held()).raw(r.budgetHeld() ? " + budget" : "").raw("</td>");
    h.raw(s.drifted() > 0 ? "<td class=\"n warn\">" : "<td class=\"n\">").text(s.drifted());
    h.raw("</td><td>").text(Banner.time(s.lastPass()));
    h.raw(s.result() == null ? "" : " <small>" + Html.escape(s.result().name()) + "</small>");
    h.raw("</td><td>");
    for (Condition c : s.conditions()) {
      h.raw("<span class=\"").raw(conditionClass(c)).raw("\" title=\"").text(c.message());
      h.raw("\">").text(conditionLabel(c)).raw("</span> ");
    }
    h.raw("</td></tr>");
  }

  private static String conditionLabel(Condition c) {
    if (c.type().equals("Drifted")) {
      return c.status() ? "Drifted" : "no drift";
    }
    return c.type() + (c.status() ? " ✓" : " ✗");
  }

  private static String conditionClass(Condition c) {
    boolean good = c.type().equals("Drifted") ? !c.status() : c.status();
    return good ? "ok" : "bad";
  }
}
