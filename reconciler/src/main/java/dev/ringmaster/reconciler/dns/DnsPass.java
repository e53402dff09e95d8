package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsDriver;
import dev.ringmaster.driver.spi.DnsRecordResource;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.DriftItem;
import dev.ringmaster.reconciler.plan.DriftReport;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The DNS part of one pass: the desired names of the scope, the zones they live in (and the zones
 * of names last applied in the scope) read once each, and from them the DNS changes and drift,
 * merged into the pass's plan and drift report. Observing reads the zones; everything after it is
 * pure. Immutable once built.
 */
public final class DnsPass {
  private final SortedMap<ResourceId, DnsRecordResource> desired;
  private final SortedMap<String, DnsZoneTarget> targets;
  private final DnsObservation observed;
  private final LastApplied lastApplied;
  private final Set<String> scope;

  private DnsPass(
      SortedMap<ResourceId, DnsRecordResource> desired,
      SortedMap<String, DnsZoneTarget> targets,
      DnsObservation observed,
      LastApplied lastApplied,
      Set<String> scope) {
    this.desired = desired;
    this.targets = targets;
    this.observed = observed;
    this.lastApplied = lastApplied;
    this.scope = Set.copyOf(scope);
  }

  /** Derives and observes: one zone transfer per zone involved; none when DNS is not used. */
  public static DnsPass observe(
      DnsDriver driver, Fleet fleet, Set<String> scope, LastApplied lastApplied) {
    SortedMap<ResourceId, DnsRecordResource> desired = DnsDesired.of(fleet, scope);
    SortedMap<String, DnsZoneTarget> targets = DnsTargets.all(fleet);
    SortedMap<String, DnsZoneTarget> involved = new TreeMap<>();
    desired.values().forEach(r -> involved.put(r.target().zone(), r.target()));
    for (AppliedRecord r : lastApplied.records().values()) {
      String zone = r.resource().host();
      if (r.resource().kind() == ResourceKind.DNS
          && (scope.isEmpty() || scope.contains(r.environment()))
          && targets.containsKey(zone)) {
        involved.put(zone, targets.get(zone));
      }
    }
    if (scope.isEmpty()) {
      involved.putAll(targets);
    }
    DnsObservation observed = DnsObserver.observe(driver, involved.values());
    return new DnsPass(desired, targets, observed, lastApplied, scope);
  }

  /** {@code plan} with the DNS changes, refusals and unreachable zones added. */
  public Plan addTo(Plan plan) {
    DnsPlanning.Result dns = new DnsPlanning(desired, observed, lastApplied, scope, targets).plan();
    List<Change> changes = new ArrayList<>();
    plan.changes().stream().filter(c -> c.action() != Action.DELETE).forEach(changes::add);
    dns.changes().stream().filter(c -> c.action() != Action.DELETE).forEach(changes::add);
    dns.changes().stream().filter(c -> c.action() == Action.DELETE).forEach(changes::add);
    plan.changes().stream().filter(c -> c.action() == Action.DELETE).forEach(changes::add);
    List<Refusal> refused = new ArrayList<>(plan.refused());
    refused.addAll(dns.refused());
    SortedMap<String, String> unreachable = new TreeMap<>(plan.unreachable());
    unreachable.putAll(dns.unreachable());
    return new Plan(plan.commit(), changes, refused, unreachable);
  }

  /** {@code drift} with the DNS drift and unreachable zones added. */
  public DriftReport addTo(DriftReport drift) {
    DnsDrift.Result dns = DnsDrift.of(observed, lastApplied, scope, targets);
    List<DriftItem> items = new ArrayList<>(drift.items());
    items.addAll(dns.items());
    SortedMap<String, String> unreachable = new TreeMap<>(drift.unreachable());
    unreachable.putAll(dns.unreachable());
    return new DriftReport(drift.commit(), items, unreachable);
  }
}
