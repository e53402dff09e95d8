package dev.ringmaster.reconciler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.apply.ActionResult;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.engine.EnvironmentStatus;
import dev.ringmaster.reconciler.gate.ServiceUserRemovals;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.DriftItem;
import dev.ringmaster.reconciler.plan.DriftReport;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders plans, apply reports, drift and status as aligned text or stable JSON. */
final class Output {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private Output() {}

  static void json(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new RingmasterException("cannot render JSON: " + e.getMessage(), e);
    }
  }

  static String marker(Change c) {
    return switch (c.action()) {
      case CREATE -> "+";
      case UPDATE -> "~";
      case DELETE -> "-";
      case NO_OP -> " ";
    };
  }

  static void plan(PrintWriter out, Plan plan) {
    out.printf(
        "Plan at %s: %d to create, %d to update, %d to delete, %d unchanged%n",
        plan.commit(),
        count(plan, Action.CREATE),
        count(plan, Action.UPDATE),
        count(plan, Action.DELETE),
        count(plan, Action.NO_OP));
    for (Change c : plan.actionable()) {
      out.printf(
          "  %s %-7s %-12s %-45s %s%n",
          marker(c),
          c.action().name().toLowerCase(Locale.ROOT),
          c.impact().key(),
          c.resource(),
          c.reason());
    }
    for (Refusal r : plan.refused()) {
      out.printf("  ! refused %s%n", r);
    }
    ServiceUserRemovals users = ServiceUserRemovals.of(plan);
    if (!users.isEmpty()) {
      out.printf("  %s%n", users.text());
    }
    plan.unreachable().forEach((h, why) -> out.printf("  ! unreachable %s: %s%n", h, why));
  }

  private static long count(Plan plan, Action action) {
    return plan.changes().stream().filter(c -> c.action() == action).count();
  }

  static Map<String, Object> planJson(Plan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("commit", plan.commit());
    m.put("serviceUsers", ServiceUserRemovals.of(plan).toJson());
    m.put(
        "changes",
        plan.changes().stream()
            .map(
                c -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("resource", c.resource().toString());
                  x.put("environment", c.environment());
                  x.put("action", c.action().name());
                  x.put("impact", c.impact().key());
                  x.put("before", c.before());
                  x.put("after", c.after());
                  x.put("reason", c.reason());
                  return x;
                })
            .toList());
    m.put(
        "refused",
        plan.refused().stream()
            .map(r -> Map.of("resource", r.resource().toString(), "reason", r.reason()))
            .toList());
    m.put("unreachable", plan.unreachable());
    return m;
  }

  /** One finished action; {@code done} counts finished actions, as they finish in parallel. */
  static String progressLine(int done, ActionResult r) {
    return String.format(
        "[%d/%d] %s %s ... %s (%d ms)%s",
        done,
        r.total(),
        r.change().action().name().toLowerCase(Locale.ROOT),
        r.change().resource(),
        r.outcome().name().toLowerCase(Locale.ROOT),
        r.duration().toMillis(),
        r.message().isEmpty() ? "" : ": " + r.message());
  }

  static void applySummary(PrintWriter out, ApplyReport report) {
    out.printf(
        "Applied %d change(s): %d ok, %d failed, %d skipped%n",
        report.results().size(),
        report.withOutcome(dev.ringmaster.reconciler.state.JournalEntry.Outcome.OK).size(),
        report.withOutcome(dev.ringmaster.reconciler.state.JournalEntry.Outcome.FAILED).size(),
        report.withOutcome(dev.ringmaster.reconciler.state.JournalEntry.Outcome.SKIPPED).size());
    for (ActionResult r : report.results()) {
      if (r.outcome() != dev.ringmaster.reconciler.state.JournalEntry.Outcome.OK) {
        out.printf(
            "  ! %-7s %s: %s%n",
            r.outcome().name().toLowerCase(Locale.ROOT), r.change().resource(), r.message());
      }
    }
  }

  static Map<String, Object> applyJson(ApplyReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pass", report.passId());
    m.put("commit", report.commit());
    m.put(
        "results",
        report.results().stream()
            .map(
                r ->
                    Map.of(
                        "resource", r.change().resource().toString(),
                        "action", r.change().action().name(),
                        "impact", r.change().impact().key(),
                        "outcome", r.outcome().name(),
                        "message", r.message(),
                        "durationMillis", r.duration().toMillis()))
            .toList());
    return m;
  }

  static void drift(PrintWriter out, DriftReport drift) {
    if (drift.isEmpty()) {
      out.println("No drift: the live state matches what was last applied");
    }
    for (String env : drift.environments()) {
      out.println((env.isEmpty() ? "(shared)" : env) + ":");
      for (DriftItem i : drift.forEnvironment(env)) {
        out.printf(
            "  ! %-45s %-10s applied %-12s observed %s%n",
            i.resource(), i.field(), i.lastApplied(), i.observed());
      }
    }
    drift.unreachable().forEach((h, why) -> out.printf("  ! unreachable %s: %s%n", h, why));
  }

  static void status(PrintWriter out, List<EnvironmentStatus> statuses) {
    if (statuses.isEmpty()) {
      out.println("No environment has been planned yet");
    }
    out.printf(
        "%-28s %-10s %-8s %-8s %-6s %s%n",
        "ENVIRONMENT", "COMMIT", "PENDING", "REFUSED", "DRIFT", "READY");
    for (EnvironmentStatus s : statuses) {
      out.printf(
          "%-28s %-10s %-8d %-8d %-6d %s%n",
          s.environment(),
          s.commit().length() > 10 ? s.commit().substring(0, 10) : s.commit(),
          s.pendingChanges(),
          s.refused(),
          s.driftItems(),
          s.converged() ? "converged" : "not converged");
    }
  }
}
