package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.apply.ActionResult;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.engine.Condition;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.DriftItem;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turns one environment's plan (and apply report) into a {@link PassResult} with conditions. */
final class PassOutcome {
  private final String environment;
  private final String commit;
  private final PlanResult planned;
  private final List<Change> changes;
  private final int drifted;

  PassOutcome(String environment, String commit, PlanResult planned) {
    this.environment = environment;
    this.commit = commit;
    this.planned = planned;
    List<Change> mine = new ArrayList<>(planned.plan().changesOf(environment));
    mine.addAll(planned.plan().changesOf(""));
    this.changes =
        mine.stream()
            .filter(c -> c.action() != dev.ringmaster.reconciler.plan.Action.NO_OP)
            .toList();
    this.drifted =
        (int)
            planned.drift().forEnvironment(environment).stream()
                .map(DriftItem::resource)
                .distinct()
                .count();
  }

  boolean nothingToDo() {
    return changes.isEmpty();
  }

  PassResult inSync() {
    return result(PassResult.Result.IN_SYNC, Map.of(), 0, "in sync", true, "InSync");
  }

  PassResult driftReported() {
    String message =
        changes.size() + " change(s) not applied: driftPolicy is report, drift is only reported";
    return result(
        PassResult.Result.PENDING, Map.of(), changes.size(), message, false, "DriftReported");
  }

  PassResult refused() {
    String message =
        planned.plan().refused().size()
            + " change(s) refused: "
            + planned.plan().refused().stream()
                .map(Object::toString)
                .collect(Collectors.joining("; "));
    return result(PassResult.Result.PENDING, Map.of(), changes.size(), message, false, "Refused");
  }

  /**
   * {@code result}, or when an endpoint that holds back only its own kind could not be observed (a
   * DNS server), a failed pass (retried with the daemon's backoff) that keeps what was applied and
   * names each held-back endpoint and why.
   */
  PassResult heldBack(PassResult result) {
    if (planned.plan().unreachable().isEmpty() || result.result() == PassResult.Result.FAILED) {
      return result;
    }
    String message =
        "changes held back, the rest applied: "
            + planned.plan().unreachable().entrySet().stream()
                .map(e -> ResourceKinds.describeUnreachable(e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    return new PassResult(
        environment,
        commit,
        PassResult.Result.FAILED,
        result.applied(),
        result.pending(),
        drifted,
        conditions(false, "PartlyUnreachable", message),
        message,
        result.wakeAt());
  }

  PassResult unreachable() {
    String message =
        planned.plan().unreachable().entrySet().stream()
            .map(
                e ->
                    ResourceKinds.describeUnreachable(e.getKey()) + " unreachable: " + e.getValue())
            .collect(Collectors.joining("; "));
    return new PassResult(
        environment,
        commit,
        PassResult.Result.FAILED,
        Map.of(),
        changes.size(),
        drifted,
        conditions(false, "HypervisorUnreachable", message),
        message);
  }

  PassResult applied(ApplyReport report) {
    Map<String, Integer> applied = new TreeMap<>();
    for (ActionResult r : report.withOutcome(Outcome.OK)) {
      applied.merge(r.change().impact().key(), 1, Integer::sum);
    }
    List<ActionResult> failed = report.withOutcome(Outcome.FAILED);
    List<ActionResult> skipped = report.withOutcome(Outcome.SKIPPED);
    if (!failed.isEmpty()) {
      boolean terminal = failed.stream().allMatch(ActionResult::terminal);
      String message =
          failed.size()
              + " change(s) failed"
              + (terminal
                  ? " (terminal: not retried until the commit or the live state changes)"
                  : "")
              + ": "
              + messages(failed);
      return new PassResult(
          environment,
          commit,
          PassResult.Result.FAILED,
          applied,
          failed.size() + skipped.size(),
          drifted,
          conditions(false, terminal ? PassResult.TERMINAL : "ApplyFailed", message),
          message);
    }
    if (!skipped.isEmpty()) {
      String message = skipped.size() + " change(s) pending: " + messages(skipped);
      return result(
          PassResult.Result.PENDING, applied, skipped.size(), message, false, "ChangesPending");
    }
    return result(PassResult.Result.APPLIED, applied, 0, "applied " + applied, true, "Converged");
  }

  private static String messages(List<ActionResult> results) {
    return results.stream()
        .map(r -> r.change().resource() + ": " + r.message())
        .collect(Collectors.joining("; "));
  }

  private PassResult result(
      PassResult.Result result,
      Map<String, Integer> applied,
      int pending,
      String message,
      boolean synced,
      String reason) {
    return new PassResult(
        environment,
        commit,
        result,
        applied,
        pending,
        drifted,
        conditions(synced, reason, message),
        message);
  }

  private List<Condition> conditions(boolean synced, String reason, String message) {
    return List.of(
        new Condition("Ready", synced, reason, message),
        new Condition("Synced", synced, reason, synced ? "at " + commit : message),
        new Condition(
            "Drifted",
            drifted > 0,
            drifted > 0 ? "LiveStateDeparted" : "NoDrift",
            drifted + " resource(s) depart from the last applied state"));
  }
}
