package dev.ringmaster.reconciler.ui;

import dev.ringmaster.reconciler.daemon.loop.EnvironmentState;
import dev.ringmaster.reconciler.daemon.loop.EventPage;
import dev.ringmaster.reconciler.engine.Condition;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /ui/environments/NAME}: conditions, the VMs, the plan computed now with impact classes,
 * the maintenance schedule, staged deletions and the environment's journal. Pure.
 */
final class EnvironmentPage {
  private EnvironmentPage() {}

  /**
   * What the page shows. {@code plan} is null when it could not be computed ({@code planError} says
   * why); {@code vms} is empty when the environment is no longer declared.
   */
  record Model(
      EnvironmentState status,
      String group,
      boolean production,
      List<VmRow> vms,
      Plan plan,
      String planError,
      Map<String, Object> maintenance,
      List<EventPage.Event> events,
      List<String> problems) {}

  static String render(Model m) {
    EnvironmentState s = m.status();
    Html h = Html.page(s.name(), 0);
    h.raw("<p><a href=\"/ui/\">← Fleet</a></p>").h1(s.name());
    Banner.problems(h, m.problems());
    h.raw("<p>Resource group ").code(m.group().isEmpty() ? "-" : m.group());
    h.raw(m.production() ? " · <strong>production</strong>" : "");
    h.raw(" · commit ").code(Banner.abbrev(s.commit()));
    h.raw(" · last pass ").text(Banner.time(s.lastPass()));
    h.raw(" (").text(s.result() == null ? "none" : s.result().name()).raw(") — ");
    h.text(s.message()).raw("</p>");
    conditions(h, s.conditions());
    vms(h, m);
    plan(h, m);
    maintenance(h, m.maintenance());
    staged(h, m.maintenance());
    journal(h, m.events());
    return h.end();
  }

  private static void conditions(Html h, List<Condition> conditions) {
    h.h2("Conditions").raw("<table id=\"conditions\"><tr><th>Type</th><th>Status</th>");
    h.raw("<th>Reason</th><th>Message</th></tr>");
    for (Condition c : conditions) {
      h.raw("<tr>").cell(c.type()).cell(c.status()).cell(c.reason()).cell(c.message());
      h.raw("</tr>");
    }
    h.raw("</table>");
  }

  private static void vms(Html h, Model m) {
    h.h2("VMs");
    if (m.vms().isEmpty()) {
      h.box("empty", "No VMs declared in this environment at the commit in force.");
      return;
    }
    h.raw("<table id=\"vms\"><tr><th>VM</th><th>Host</th><th>Power</th><th>Memory</th>");
    h.raw("<th>Cores</th><th>Disk</th><th>Roles</th><th>Guest</th></tr>");
    for (VmRow v : m.vms()) {
      h.raw("<tr>").cell(v.name()).cell(v.host());
      h.raw(v.power().equals("running") ? "<td class=\"ok\">" : "<td class=\"warn\">");
      h.text(v.power()).raw("</td>").cell(v.memory()).number(v.cores()).cell(v.disk());
      h.cell(String.join(", ", v.roles())).cell(v.guest()).raw("</tr>");
    }
    h.raw("</table>");
  }

  private static void plan(Html h, Model m) {
    h.h2("Plan computed now");
    if (m.plan() == null) {
      h.box("error", "The plan could not be computed: " + m.planError());
      return;
    }
    m.plan().unreachable().forEach((what, why) -> h.box("error", what + " is unreachable: " + why));
    for (Refusal r : m.plan().refused()) {
      h.box("error", "Refused: " + r.resource() + ": " + r.reason());
    }
    List<Change> changes =
        m.plan().actionable().stream()
            .filter(c -> c.environment().equals(m.status().name()))
            .sorted((a, b) -> b.impact().compareTo(a.impact()))
            .toList();
    if (changes.isEmpty()) {
      h.box("empty", "Nothing to do: the live state matches the commit in force.");
      return;
    }
    h.raw("<table id=\"plan\"><tr><th>Impact</th><th>Action</th><th>Resource</th>");
    h.raw("<th>Changes</th><th>Reason</th></tr>");
    for (Change c : changes) {
      h.raw("<tr><td class=\"").raw(impactClass(c.impact())).raw("\">").text(c.impact().key());
      h.raw("</td>").cell(c.action().name().toLowerCase(Locale.ROOT));
      h.raw("<td>").code(c.resource().toString()).raw("</td><td>");
      differences(h, c);
      h.raw("</td>").cell(c.reason()).raw("</tr>");
    }
    h.raw("</table>");
  }

  static String impactClass(Impact impact) {
    return switch (impact) {
      case LIVE -> "live";
      case RESTART -> "restart";
      case DESTRUCTIVE -> "destructive";
    };
  }

  private static void differences(Html h, Change c) {
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(c.before().keySet());
    keys.addAll(c.after().keySet());
    for (String k : keys) {
      String before = c.before().get(k);
      String after = c.after().get(k);
      if (java.util.Objects.equals(before, after)) {
        continue;
      }
      h.code(k).raw(": ").text(before == null ? "∅" : before).raw(" → ");
      h.text(after == null ? "∅" : after).raw("<br>");
    }
  }

  private static void maintenance(Html h, Map<String, Object> maintenance) {
    h.h2("Maintenance schedule");
    for (Object b : FleetRow.list(maintenance.get("budget"))) {
      if (b instanceof Map<?, ?> m) {
        h.box("notice", "Held by the deletion budget: " + m.get("reason"));
      }
    }
    List<Map<?, ?>> windows = items(maintenance, "window");
    if (windows.isEmpty()) {
      h.box("empty", "Nothing is waiting for a maintenance window.");
      return;
    }
    h.raw("<table id=\"maintenance\"><tr><th>Resource</th><th>Change</th><th>Window</th>");
    h.raw("<th>Known since</th><th>Reason</th></tr>");
    for (Map<?, ?> m : windows) {
      h.raw("<tr><td>").code(String.valueOf(m.get("resource"))).raw("</td>");
      h.cell(m.get("change")).cell(window(m)).cell(m.get("knownSince")).cell(m.get("reason"));
      h.raw("</tr>");
    }
    h.raw("</table>");
  }

  private static String window(Map<?, ?> item) {
    if (item.get("window") instanceof Map<?, ?> w) {
      return w.get("opens")
          + " – "
          + w.get("closes")
          + (Boolean.TRUE.equals(item.get("held")) ? "" : " (open)");
    }
    return "";
  }

  /**
   * The items of a {@code /v1/maintenance} body of one kind ({@code window}, {@code grace}, ...).
   */
  static List<Map<?, ?>> items(Map<String, Object> maintenance, String... kinds) {
    List<Map<?, ?>> out = new java.util.ArrayList<>();
    for (Object item : FleetRow.list(maintenance.get("scheduled"))) {
      if (item instanceof Map<?, ?> m && List.of(kinds).contains(String.valueOf(m.get("kind")))) {
        out.add(m);
      }
    }
    return out;
  }

  private static void staged(Html h, Map<String, Object> maintenance) {
    h.h2("Staged deletions");
    List<Map<?, ?>> staged = items(maintenance, "grace", "budget");
    if (staged.isEmpty()) {
      h.box("empty", "No VM deletion is staged: nothing soft-deleted, nothing held by the budget.");
      return;
    }
    h.raw("<table id=\"staged\"><tr><th>Resource</th><th>Stage</th><th>Deleted</th>");
    h.raw("<th>Reason</th></tr>");
    for (Map<?, ?> m : staged) {
      h.raw("<tr><td>").code(String.valueOf(m.get("resource"))).raw("</td>");
      h.cell("grace".equals(m.get("kind")) ? "soft-deleted" : "held by the budget");
      h.cell(m.get("due") == null ? "on approval" : "after " + m.get("due"));
      h.cell(m.get("reason")).raw("</tr>");
    }
    h.raw("</table>");
  }

  private static void journal(Html h, List<EventPage.Event> events) {
    h.h2("Journal");
    if (events.isEmpty()) {
      h.box("empty", "The journal has no entries for this environment yet.");
      return;
    }
    h.raw("<table id=\"journal\"><tr><th>Time</th><th>Commit</th><th>Resource</th>");
    h.raw("<th>Action</th><th>Phase</th><th>Outcome</th><th>Message</th></tr>");
    for (EventPage.Event e : events) {
      h.raw("<tr>").cell(e.time()).raw("<td>").code(Banner.abbrev(e.commit())).raw("</td>");
      h.cell(e.resource()).cell(e.action()).cell(e.phase()).cell(e.outcome()).cell(e.message());
      h.raw("</tr>");
    }
    h.raw("</table>");
  }
}
