package dev.ringmaster.reconciler.engine;

import dev.ringmaster.reconciler.apply.ActionResult;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Intents a crash left without an outcome (the process died between a driver call and its journaled
 * outcome), closed by the first later pass that shows how they ended. The pass made the change
 * again ("made again"), finished it with another change ("completed (update)"), replaced it by or
 * with a deletion ("superseded (delete)"), all with {@code OK} outcomes of its own; or it found the
 * resource as the intent wanted it ("found complete": a {@code NO_OP} change; "found deleted": for
 * a deletion, no change at all in an environment the pass covered, on a reachable hypervisor). The
 * resolution is an {@code OUTCOME} of the interrupted intent's own pass and resource, {@code OK},
 * its message starting with {@value #PREFIX} and naming the resolving pass. An intent whose
 * resource failed, was skipped, held or not applied (report-only), or was not planned stays open.
 * Only reconcile passes resolve (apply and record, never previews). The open intents are read from
 * the journal once (the first pass of this process); intents of this process's own passes always
 * get their outcome. Thread-safe.
 */
final class InterruptedIntents {
  static final String PREFIX = "interrupted by a crash; ";

  private final StateStore store;
  private List<JournalEntry> open;

  InterruptedIntents(StateStore store) {
    this.store = store;
  }

  /**
   * Journals the resolution of every open intent that a pass settles: {@code report} is its apply
   * report, null for a pass that applied nothing (in sync, report-only).
   */
  synchronized void resolve(PlanResult planned, ApplyReport report) {
    if (open == null) {
      open = new ArrayList<>(store.interrupted());
    }
    if (open.isEmpty() || !planned.plan().applicable()) {
      return;
    }
    Plan plan = planned.plan();
    Map<String, Change> changes = new HashMap<>();
    plan.changes().forEach(c -> changes.put(c.resource().toString(), c));
    Map<String, List<ActionResult>> results = new HashMap<>();
    List<ActionResult> all = report == null ? List.of() : report.results();
    String by = report == null ? "a pass that found nothing to do" : "pass " + report.passId();
    all.forEach(
        r ->
            results
                .computeIfAbsent(r.change().resource().toString(), k -> new ArrayList<>())
                .add(r));
    List<JournalEntry> still = new ArrayList<>();
    for (JournalEntry intent : open) {
      String how = how(intent, plan, planned.environments(), changes, results);
      if (how == null || report != null && intent.passId().equals(report.passId())) {
        still.add(intent);
      } else {
        store.append(intent.outcome(Outcome.OK, PREFIX + how + " by " + by, 0));
      }
    }
    open = still;
  }

  /** How the pass settled the intent, or null when it did not. */
  private static String how(
      JournalEntry intent,
      Plan plan,
      Set<String> environments,
      Map<String, Change> changes,
      Map<String, List<ActionResult>> results) {
    String host = host(intent.resource());
    if (host == null || plan.unreachable().containsKey(host)) {
      return null;
    }
    List<ActionResult> done = results.getOrDefault(intent.resource(), List.of());
    if (!done.isEmpty()) {
      if (!done.stream().allMatch(r -> r.outcome() == Outcome.OK)) {
        return null;
      }
      Action now = done.get(done.size() - 1).change().action();
      if (now == intent.action()) {
        return "made again";
      }
      String what = now.name().toLowerCase(java.util.Locale.ROOT);
      return now == Action.DELETE || intent.action() == Action.DELETE
          ? "superseded (" + what + ")"
          : "completed (" + what + ")";
    }
    Change change = changes.get(intent.resource());
    if (change != null) {
      return change.action() == Action.NO_OP ? "found complete" : null;
    }
    boolean covered = environments.isEmpty() || environments.contains(intent.environment());
    return intent.action() == Action.DELETE && covered ? "found deleted" : null;
  }

  /** The host of a resource id ({@code kind/host/name}), or null. */
  private static String host(String resource) {
    String[] parts = resource.split("/", 3);
    return parts.length == 3 ? parts[1] : null;
  }
}
