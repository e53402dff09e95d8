package dev.ringmaster.reconciler.engine;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.reconciler.apply.ApplyEngine;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.dns.DnsPass;
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
 * (the daemon's work queue does). Plans and drift checks are recorded in the state store's history.
 */
public final class Reconciler {
  private final DriverRegistry drivers;
  private final StateStore store;
  private final ReconcilerConfig config;
  private final Observer observer;
  private final ApplyEngine engine;

  public Reconciler(DriverRegistry drivers, StateStore store, ReconcilerConfig config) {
    this.drivers = drivers;
    this.store = store;
    this.config = config;
    this.observer = new Observer(drivers);
    this.engine =
        new ApplyEngine(
            host ->
                drivers
                    .connected(host)
                    .orElseThrow(
                        () ->
                            new dev.ringmaster.model.RingmasterException(
                                host + " was not observed in this pass")),
            drivers.guestDriver().orElse(null),
            drivers.dnsDriver().orElse(null),
            store,
            config.concurrencyPerHost(),
            config.retry());
  }

  /** Plans {@code environments} (empty: all) of the snapshot against a fresh observation. */
  public PlanResult plan(FleetSnapshot snapshot, Set<String> environments) {
    Pass pass = observe(snapshot, environments);
    Plan raw =
        pass.dns.addTo(
            Planner.plan(snapshot.commit(), pass.desired, pass.observed, pass.lastApplied));
    GatedPlan gated =
        new SafetyGate(store, config.clock(), config.safety())
            .gate(snapshot.fleet(), environments, raw);
    DriftReport drift =
        pass.dns.addTo(
            Planner.drift(snapshot.commit(), pass.desired, pass.observed, pass.lastApplied));
    Instant now = config.clock().instant();
    History.recordPlan(store, snapshot, environments, gated.plan(), now);
    return new PlanResult(snapshot, environments, gated.plan(), drift, now, gated);
  }

  /**
   * The pure planner's plan of {@code environments} (empty: all) of the snapshot against a fresh
   * observation, not gated and not recorded anywhere: for previews of commits that are not in force
   * (pull-request plans). Read-only.
   */
  public Plan preview(FleetSnapshot snapshot, Set<String> environments) {
    Pass pass = observe(snapshot, environments);
    return pass.dns.addTo(
        Planner.plan(snapshot.commit(), pass.desired, pass.observed, pass.lastApplied));
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
    }
    return engine.apply(planned.plan(), policy, listener, gated.holdCheck(store, overrides));
  }

  /** Drift of {@code environments} (empty: all): live state against what was last applied. */
  public DriftReport drift(FleetSnapshot snapshot, Set<String> environments) {
    Pass pass = observe(snapshot, environments);
    DriftReport drift =
        pass.dns.addTo(
            Planner.drift(snapshot.commit(), pass.desired, pass.observed, pass.lastApplied));
    History.recordDrift(store, snapshot, environments, drift, config.clock().instant());
    return drift;
  }

  /** The status of every environment the state store knows, from its latest plan and drift. */
  public List<EnvironmentStatus> status() {
    return History.status(store);
  }

  public ReconcilerConfig config() {
    return config;
  }

  private record Pass(
      DesiredState desired, Observation observed, LastApplied lastApplied, DnsPass dns) {}

  private Pass observe(FleetSnapshot snapshot, Set<String> environments) {
    DesiredState desired = DesiredState.of(snapshot.fleet(), environments, config.guests());
    LastApplied lastApplied = lastApplied(environments);
    Observation observed =
        observer.observe(involved(snapshot.fleet(), desired, lastApplied), desired);
    DnsPass dns =
        DnsPass.observe(
            drivers.dnsDriver().orElse(null), snapshot.fleet(), environments, lastApplied);
    return new Pass(desired, observed, lastApplied, dns);
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
