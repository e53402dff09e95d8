package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.apply.ActionResult;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.engine.Condition;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.gate.GatedPlan;
import dev.ringmaster.reconciler.gate.Hold;
import dev.ringmaster.reconciler.gate.MaintenanceReport;
import dev.ringmaster.reconciler.gate.SafetyOverrides;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The daemon's side of deletion safety in one pass: which overrides the pass applies with (an
 * operator's {@code now} request, a recorded mass-deletion approval of the pass's commit), and
 * afterwards what stays scheduled (recorded for {@code GET /v1/maintenance}), when the environment
 * should pass again, and a status that names the commit to approve when the deletion budget holds
 * removals. Blocking; thread-safe as the state store is.
 */
final class DaemonSafety {
  static final String AWAITS_APPROVAL = "MassDeletionAwaitsApproval";

  private final SafetyRecords records;

  DaemonSafety(StateStore store) {
    this.records = new SafetyRecords(store);
  }

  SafetyRecords records() {
    return records;
  }

  SafetyOverrides overrides(String environment, PlanResult planned, PassOptions options) {
    Optional<MassDeleteApproval> approval = approval(environment, planned);
    if (approval.isEmpty() && options.nowBy() == null) {
      return SafetyOverrides.none();
    }
    String operator =
        Stream.of(options.nowBy(), approval.map(MassDeleteApproval::by).orElse(null))
            .filter(Objects::nonNull)
            .distinct()
            .collect(Collectors.joining(", "));
    Set<String> now = options.nowBy() == null ? Set.of() : Set.of(environment);
    return new SafetyOverrides(now, approval.isPresent(), operator);
  }

  private Optional<MassDeleteApproval> approval(String environment, PlanResult planned) {
    if (planned.safety().budgetExceeded().isEmpty()) {
      return Optional.empty();
    }
    return records.approval(planned.plan().commit(), environment);
  }

  /**
   * Records what stays scheduled after the pass ({@code report} null when nothing was applied) and
   * returns {@code result} with its wake-up time and, for an unapproved mass deletion in an
   * otherwise applicable plan (a refusal, such as a protected VM, comes first), a status naming the
   * commit to approve.
   */
  PassResult finish(String environment, PlanResult planned, ApplyReport report, PassResult result) {
    GatedPlan gated = planned.safety();
    List<Hold> open = stillScheduled(environment, gated, report);
    boolean awaitsApproval =
        !gated.budgetExceeded().isEmpty() && approval(environment, planned).isEmpty();
    String budget = awaitsApproval ? gated.budgetExceeded() : "";
    Map<String, Object> json =
        new java.util.LinkedHashMap<>(
            new MaintenanceReport(gated.plan().commit(), planned.at(), open, budget).toJson());
    json.put("environment", environment);
    records.recordMaintenance(environment, json);
    boolean annotate = awaitsApproval && planned.plan().applicable();
    PassResult out = annotate ? awaitingApproval(environment, planned, result) : result;
    return out.withWakeAt(
        earliest(wakeAt(open, planned.at()), dueAt(planned.plan().changes(), planned.at()))
            .orElse(null));
  }

  private static List<Hold> stillScheduled(
      String environment, GatedPlan gated, ApplyReport report) {
    Set<Change> done = new LinkedHashSet<>();
    if (report != null) {
      report.withOutcome(Outcome.OK).stream().map(ActionResult::change).forEach(done::add);
    }
    List<Hold> open = new ArrayList<>();
    for (Change c : gated.plan().changes()) {
      if (done.contains(c)) {
        continue;
      }
      gated
          .holdOf(c)
          .filter(h -> h.environment().isEmpty() || h.environment().equals(environment))
          .ifPresent(open::add);
    }
    return open;
  }

  /** The earliest moment after {@code now} when a held change becomes due. */
  static Optional<Instant> wakeAt(List<Hold> holds, Instant now) {
    return holds.stream()
        .map(DaemonSafety::dueOf)
        .flatMap(Optional::stream)
        .filter(t -> t.isAfter(now))
        .min(Instant::compareTo);
  }

  /** The earliest moment after {@code now} when a kind needs a pass for a planned change. */
  static Optional<Instant> dueAt(List<Change> changes, Instant now) {
    var kinds = dev.ringmaster.reconciler.plan.ResourceKinds.installed();
    return changes.stream()
        .flatMap(c -> kinds.of(c.resource()).dueAt(c).stream())
        .filter(t -> t.isAfter(now))
        .min(Instant::compareTo);
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    return a.isEmpty() ? b : b.filter(t -> t.isBefore(a.get())).or(() -> a);
  }

  private static Optional<Instant> dueOf(Hold h) {
    return switch (h.kind()) {
      case WINDOW ->
          h.held() && h.window() != null
              ? Optional.of(h.window().opens().toInstant())
              : Optional.empty();
      case GRACE -> Optional.ofNullable(h.due());
      case BUDGET -> Optional.empty();
    };
  }

  private static PassResult awaitingApproval(
      String environment, PlanResult planned, PassResult result) {
    String commit = planned.plan().commit();
    String message =
        "mass deletion awaits approval of commit "
            + commit
            + ": "
            + planned.safety().budgetExceeded()
            + "; approve with POST /v1/approvals/mass-delete {\"commit\": \""
            + commit
            + "\", \"environment\": \""
            + environment
            + "\"}"
            + (result.message().isEmpty() ? "" : " | " + result.message());
    List<Condition> conditions = new ArrayList<>();
    for (Condition c : result.conditions()) {
      boolean gate = c.type().equals("Ready") || c.type().equals("Synced");
      conditions.add(gate ? new Condition(c.type(), false, AWAITS_APPROVAL, message) : c);
    }
    PassResult.Result kind =
        result.result() == PassResult.Result.FAILED
            ? PassResult.Result.FAILED
            : PassResult.Result.PENDING;
    return new PassResult(
        result.environment(),
        result.commit(),
        kind,
        result.applied(),
        Math.max(1, result.pending()),
        result.drifted(),
        conditions,
        message,
        result.wakeAt());
  }
}
