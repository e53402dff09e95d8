package dev.ringmaster.reconciler.gate;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What is scheduled fleet-wide, from a gated plan: restart changes with the window they run in and
 * when they became known, soft-deleted VMs with the time they will be deleted, removals held by the
 * deletion budget. Renders as text or as JSON-ready maps. Immutable.
 */
public record MaintenanceReport(String commit, Instant at, List<Hold> scheduled, String budget) {
  public MaintenanceReport {
    scheduled = List.copyOf(scheduled);
    budget = budget == null ? "" : budget;
  }

  public static MaintenanceReport of(GatedPlan gated) {
    return new MaintenanceReport(
        gated.plan().commit(), gated.plannedAt(), gated.holds(), gated.budgetExceeded());
  }

  public void printText(PrintWriter out) {
    out.printf("Scheduled at %s (commit %s): %d item(s)%n", at, commit, scheduled.size());
    if (!budget.isEmpty()) {
      out.println("  ! " + budget);
    }
    if (scheduled.isEmpty()) {
      return;
    }
    out.printf(
        "  %-24s %-36s %-7s %-44s %s%n", "ENVIRONMENT", "RESOURCE", "KIND", "WHEN", "KNOWN SINCE");
    for (Hold h : scheduled) {
      out.printf(
          "  %-24s %-36s %-7s %-44s %s%n",
          h.environment().isEmpty() ? "(shared)" : h.environment(),
          h.resource(),
          h.kind().name().toLowerCase(Locale.ROOT),
          when(h),
          h.knownSince() == null ? "-" : h.knownSince().toString());
      out.printf("      %s%n", h.reason());
    }
  }

  private static String when(Hold h) {
    if (h.window() != null) {
      return h.window().render() + (h.held() ? "" : " (open)");
    }
    return h.due() == null ? "on approval" : "after " + h.due();
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("commit", commit);
    m.put("at", at.toString());
    m.put("budget", budget);
    m.put("scheduled", scheduled.stream().map(MaintenanceReport::item).toList());
    return m;
  }

  private static Map<String, Object> item(Hold h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", h.environment());
    m.put("resource", h.resource().toString());
    m.put("kind", h.kind().name().toLowerCase(Locale.ROOT));
    m.put("change", h.change());
    m.put("reason", h.reason());
    m.put("held", h.held());
    m.put("window", h.window() == null ? null : window(h.window()));
    m.put("knownSince", h.knownSince() == null ? null : h.knownSince().toString());
    m.put("due", h.due() == null ? null : h.due().toString());
    return m;
  }

  private static Map<String, Object> window(MaintenanceWindow w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("opens", w.opens().toOffsetDateTime().toString());
    m.put("closes", w.closes().toOffsetDateTime().toString());
    m.put("timezone", w.opens().getZone().getId());
    m.put("text", w.render());
    return m;
  }
}
