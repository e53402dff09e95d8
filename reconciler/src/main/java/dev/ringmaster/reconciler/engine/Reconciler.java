package dev.ringmaster.reconciler.engine;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.reconciler.apply.ApplyEngine;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.gate.GatedPlan;
import dev.ringmaster.reconciler.gate.SafetyGate;
import dev.ringmaster.reconciler.gate.SafetyOverrides;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.DriftReport;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Planner;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The engine facade the CLI and the daemon share: plan (observe fresh, one bulk observe per
 * hypervisor involved, then the pure planner), apply, drift and status. Plain Java. Every method
 * blocks; the instance is thread-safe, but callers should run one pass per environment at a time
 * (the daemon's work queue does). Planning, drift and status only read; {@link #record} and {@link
 * #apply} (a reconcile pass) write the gate's effects, the journal and the plan history.
 */
public final class Reconciler {
  private final DriverRegistry drivers;
  private final StateStore store;
  private final ReconcilerConfig config;
  private final Observer observer;
  private final ApplyEngine engine;
  private final InterruptedIntents interrupted;

  public Reconciler(DriverRegistry drivers, StateStore store, ReconcilerConfig config) {
    this.drivers = drivers;
    this.store = store;
    this.config = config;
    drivers.registerIfAbsent(
        dev.ringmaster.driver.spi.HostKeyStore.class,
        new dev.ringmaster.reconciler.state.StoreHostKeys(store));
    this.observer = new Observer(drivers);
    this.engine =
        new ApplyEngine(drivers.access(), store, config.concurrencyPerHost(), config.retry());
    this.interrupted = new InterruptedIntents(store);
  }

  /**
   * Plans and gates {@code environments} (empty: all) of the snapshot against a fresh observation.
   * A decision: writes nothing (a reconcile pass then calls {@link #record}).
   */
  public PlanResult plan(FleetSnapshot snapshot, Set<String> environments) {
    return plan(snapshot, environments, System.nanoTime());
  }

  /**
   * {@link #plan(FleetSnapshot, Set)} against an observation fresh as of {@code freshAsOfNanos}
   * (when the pass was asked for; see {@link
   * dev.ringmaster.driver.spi.HypervisorDriver#observe(long)}).
   */
  public PlanResult plan(FleetSnapshot snapshot, Set<String> environments, long freshAsOfNanos) {
    Pass pass = observe(snapshot, environments, freshAsOfNanos);
    Plan raw = Planner.plan(snapshot.commit(), pass.desired, pass.observed, pass.lastApplied);
    GatedPlan gated =
        new SafetyGate(store, config.clock(), config.safety())
            .gate(snapshot.fleet(), environments, raw);
    DriftReport drift =
        Planner.drift(snapshot.commit(), pass.desired, pass.observed, pass.lastApplied);
    Instant now = config.clock().instant();
    return new PlanResult(snapshot, environments, gated.plan(), drift, now, gated);
  }

  /**
   * Records a plan as a reconcile pass does: writes the gate's effects (known-since instants,
   * protection and cleared marks) and the plan and drift history of its environments. Previews
   * never call this; {@link #plan} itself writes nothing.
   */
  public void record(PlanResult planned) {
    planned.safety().commitEffects(store);
    interrupted.resolve(planned, null);
    History.recordPlan(
        store, planned.snapshot(), planned.environments(), planned.plan(), planned.at());
    History.recordDrift(
        store, planned.snapshot(), planned.environments(), planned.drift(), planned.at());
  }

  /**
   * The pure planner's plan of {@code environments} (empty: all) of the snapshot against a fresh
   * observation, not gated and not recorded anywhere: for previews of commits that are not in force
   * (pull-request plans). Read-only.
   */
  public Plan preview(FleetSnapshot snapshot, Set<String> environments) {
    Pass pass = observe(snapshot, environments);
    return Planner.plan(snapshot.commit(), pass.desired, pass.observed, pass.lastApplied);
  }

  /** The state store this engine records in (read it; previews must not write it). */
  public StateStore store() {
    return store;
  }

  /**
   * Applies a plan under a policy with no safety override, reporting progress to {@code listener}.
   */
  public ApplyReport apply(PlanResult planned, ApplyPolicy policy, ApplyListener listener) {
    return apply(planned, policy, SafetyOverrides.none(), listener);
  }

  /**
   * Applies a plan: held changes (restarts outside their window, soft-deleted VMs in their grace
   * period, removals beyond the deletion budget) are skipped with their reason unless {@code
   * overrides} lifts them; overrides are journaled.
   */
  public ApplyReport apply(
      PlanResult planned, ApplyPolicy policy, SafetyOverrides overrides, ApplyListener listener) {
    GatedPlan gated = planned.safety();
    if (planned.plan().applicable()) {
      gated.beforeApply(store, overrides, config.clock().instant());
    } else {
      record(planned);
    }
    ApplyReport report =
        engine.apply(planned.plan(), policy, listener, gated.holdCheck(store, overrides));
    interrupted.resolve(planned, report);
    History.recordPlan(
        store,
        planned.snapshot(),
        planned.environments(),
        History.remaining(planned.plan(), report),
        config.clock().instant());
    History.recordDrift(
        store,
        planned.snapshot(),
        planned.environments(),
        History.remaining(planned.drift(), report),
        config.clock().instant());
    return report;
  }

  /**
   * Drift of {@code environments} (empty: all): live state against what was last applied. A
   * preview: writes nothing.
   */
  public DriftReport drift(FleetSnapshot snapshot, Set<String> environments) {
    Pass pass = observe(snapshot, environments);
    return Planner.drift(snapshot.commit(), pass.desired, pass.observed, pass.lastApplied);
  }

  /** The status of every environment the state store knows, from its latest plan and drift. */
  public List<EnvironmentStatus> status() {
    return History.status(store);
  }

  public ReconcilerConfig config() {
    return config;
  }

  private record Pass(DesiredState desired, Observation observed, LastApplied lastApplied) {}

  private Pass observe(FleetSnapshot snapshot, Set<String> environments) {
    return observe(snapshot, environments, System.nanoTime());
  }

  private Pass observe(FleetSnapshot snapshot, Set<String> environments, long freshAsOfNanos) {
    DesiredState desired = DesiredState.of(snapshot.fleet(), environments, config.guests());
    LastApplied lastApplied = lastApplied(environments);
    Observation observed =
        observer.observe(involved(snapshot.fleet(), desired, lastApplied), desired, freshAsOfNanos);
    return new Pass(desired, observed, lastApplied);
  }

  /**
   * The records a pass over {@code environments} can use: theirs and the shared ones (environment
   * {@code ""}). Records of other environments never change a scoped plan or drift report.
   */
  private LastApplied lastApplied(Set<String> environments) {
    if (environments.isEmpty()) {
      return store.lastApplied();
    }
    return store.lastAppliedOf(environments);
  }

  private static List<Hypervisor> involved(
      Fleet fleet, DesiredState desired, LastApplied lastApplied) {
    if (desired.scope().isEmpty()) {
      return fleet.hypervisors();
    }
    SortedSet<String> hosts = new TreeSet<>(desired.hosts());
    lastApplied.records().values().stream()
        .filter(r -> desired.inScope(r.environment()))
        .map(r -> r.resource())
        .map(ResourceId::host)
        .forEach(hosts::add);
    return fleet.hypervisors().stream().filter(h -> hosts.contains(h.name())).toList();
  }

  DriverRegistry drivers() {
    return drivers;
  }
}
