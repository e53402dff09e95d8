package dev.ringmaster.reconciler.daemon.loop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /v1/maintenance}: the schedules environments' last passes recorded, merged into one
 * fleet-wide view ({@code at}, {@code commit} in force, {@code scheduled[]} items of {@link
 * dev.ringmaster.reconciler.gate.MaintenanceReport} each with the {@code environment}, {@code
 * commit} and {@code plannedAt} of the pass that recorded it, and {@code budget[]} holds naming the
 * commit to approve). Pure functions over the recorded maps.
 */
final class MaintenanceView {
  private MaintenanceView() {}

  static Map<String, Object> of(
      Map<String, Map<String, Object>> recorded, String environment, Instant at, String commit) {
    List<Map<String, Object>> scheduled = new ArrayList<>();
    List<Map<String, Object>> budget = new ArrayList<>();
    recorded.forEach(
        (env, report) -> {
          if (environment != null && !environment.equals(env)) {
            return;
          }
          for (Object item : list(report.get("scheduled"))) {
            Map<String, Object> m = new LinkedHashMap<>(object(item));
            m.put("environment", env);
            m.put("commit", report.get("commit"));
            m.put("plannedAt", report.get("at"));
            scheduled.add(m);
          }
          String reason = String.valueOf(report.getOrDefault("budget", ""));
          if (!reason.isEmpty()) {
            budget.add(budgetHold(env, String.valueOf(report.get("commit")), reason));
          }
        });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("at", at.toString());
    body.put("commit", commit);
    body.put("scheduled", scheduled);
    body.put("budget", budget);
    return body;
  }

  private static Map<String, Object> budgetHold(String env, String commit, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", env);
    m.put("commit", commit);
    m.put("reason", reason);
    m.put("approve", Map.of("commit", commit, "environment", env));
    return m;
  }

  /** The environments whose last pass, planned from {@code commit}, was held by the budget. */
  static Set<String> heldByBudgetAt(Map<String, Map<String, Object>> recorded, String commit) {
    Set<String> out = new TreeSet<>();
    recorded.forEach(
        (env, report) -> {
          if (commit.equals(report.get("commit"))
              && !String.valueOf(report.getOrDefault("budget", "")).isEmpty()) {
            out.add(env);
          }
        });
    return out;
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
