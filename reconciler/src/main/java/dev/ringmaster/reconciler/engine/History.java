package dev.ringmaster.reconciler.engine;

import dev.ringmaster.model.Environment;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.DriftReport;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.state.DriftRecord;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.PlanRecord;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Writes plan and drift history per environment and derives status conditions from it. */
final class History {
  private History() {}

  static void recordPlan(
      StateStore store, FleetSnapshot snapshot, Set<String> scope, Plan plan, Instant at) {
    // grouped once: a pass over a thousand environments must not scan every change per environment
    Map<String, List<PlanRecord.Item>> items =
        plan.changes().stream()
            .collect(
                Collectors.groupingBy(
                    Change::environment,
                    Collectors.mapping(
                        c ->
                            new PlanRecord.Item(
                                c.resource().toString(),
                                c.action().name(),
                                c.impact().key(),
                                c.reason()),
                        Collectors.toList())));
    Map<String, List<String>> refused =
        plan.refused().stream()
            .collect(
                Collectors.groupingBy(
                    Refusal::environment,
                    Collectors.mapping(Refusal::toString, Collectors.toList())));
    for (String env : environments(snapshot, scope, plan)) {
      store.recordPlan(
          new PlanRecord(
              env,
              snapshot.commit(),
              at,
              items.getOrDefault(env, List.of()),
              refused.getOrDefault(env, List.of())));
    }
  }

  /**
   * The plan as it stands after {@code report}: the changes that did not succeed (held, skipped,
   * failed) and the refusals; what was applied is gone. Status then says converged after a fully
   * successful apply, or names what was held back.
   */
  static Plan remaining(Plan plan, ApplyReport report) {
    java.util.Set<Change> done = new java.util.HashSet<>();
    report.results().stream()
        .filter(r -> r.outcome() == JournalEntry.Outcome.OK)
        .forEach(r -> done.add(r.change()));
    List<Change> left = plan.changes().stream().filter(c -> !done.contains(c)).toList();
    return new Plan(plan.commit(), left, plan.refused(), plan.unreachable());
  }

  /** The drift as it stands after {@code report}: items of successfully applied resources go. */
  static DriftReport remaining(DriftReport drift, ApplyReport report) {
    java.util.Set<dev.ringmaster.driver.spi.ResourceId> applied = new java.util.HashSet<>();
    report.results().stream()
        .filter(r -> r.outcome() == JournalEntry.Outcome.OK)
        .forEach(r -> applied.add(r.change().resource()));
    return new DriftReport(
        drift.commit(),
        drift.items().stream().filter(i -> !applied.contains(i.resource())).toList(),
        drift.unreachable());
  }

  static void recordDrift(
      StateStore store, FleetSnapshot snapshot, Set<String> scope, DriftReport drift, Instant at) {
    Set<String> envs = new TreeSet<>(names(snapshot, scope));
    envs.addAll(drift.environments());
    for (String env : envs) {
      store.recordDrift(new DriftRecord(env, snapshot.commit(), at, drift.forEnvironment(env)));
    }
  }

  private static Set<String> environments(FleetSnapshot snapshot, Set<String> scope, Plan plan) {
    Set<String> envs = new TreeSet<>(names(snapshot, scope));
    plan.changes().stream().map(Change::environment).forEach(envs::add);
    plan.refused().stream().map(Refusal::environment).forEach(envs::add);
    envs.remove("");
    return envs;
  }

  private static List<String> names(FleetSnapshot snapshot, Set<String> scope) {
    return snapshot.fleet().environments().stream()
        .map(Environment::name)
        .filter(n -> scope.isEmpty() || scope.contains(n))
        .toList();
  }

  /** The pending changes with their reasons (what is held back and why), for the message. */
  private static String held(PlanRecord plan) {
    List<String> items =
        plan.changes().stream()
            .filter(i -> !"NO_OP".equals(i.action()))
            .map(
                i ->
                    i.resource()
                        + " "
                        + i.action()
                        + (i.reason().isEmpty() ? "" : ": " + i.reason()))
            .toList();
    return items.isEmpty() ? "" : "; " + String.join("; ", items);
  }

  static List<EnvironmentStatus> status(StateStore store) {
    List<EnvironmentStatus> out = new ArrayList<>();
    for (String env : store.environments()) {
      PlanRecord plan = store.plans(env, 1).get(0);
      List<DriftRecord> drift = store.drifts(env, 1);
      int driftItems = drift.isEmpty() ? 0 : drift.get(0).items().size();
      out.add(status(env, plan, driftItems));
    }
    return out;
  }

  private static EnvironmentStatus status(String env, PlanRecord plan, int driftItems) {
    long pending = plan.pending();
    int refused = plan.refused().size();
    boolean synced = pending == 0 && refused == 0;
    List<Condition> conditions =
        List.of(
            new Condition(
                "Ready",
                synced && driftItems == 0,
                synced && driftItems == 0 ? "Converged" : "NotConverged",
                ""),
            new Condition(
                "Synced",
                synced,
                refused > 0 ? "ChangeRefused" : pending > 0 ? "ChangesPending" : "UpToDate",
                pending + " pending, " + refused + " refused at " + plan.commit() + held(plan)),
            new Condition(
                "Drifted",
                driftItems > 0,
                driftItems > 0 ? "LiveStateDiffers" : "NoDrift",
                driftItems + " fields differ from what was last applied"));
    return new EnvironmentStatus(
        env, plan.commit(), plan.at(), pending, refused, driftItems, conditions);
  }
}
