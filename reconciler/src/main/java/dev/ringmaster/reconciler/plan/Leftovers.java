package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Finds the owned hypervisor objects that are no longer desired. Domains carry an ownership mark; a
 * volume is owned when the state store lists it or when it is named for a disk of an owned domain.
 * Kinds that observe themselves find their leftovers in their handler.
 */
final class Leftovers {
  private final DesiredState desired;
  private final Observation observed;
  private final LastApplied lastApplied;
  private final Scope scope;
  private final List<Change> deletions = new ArrayList<>();
  private final Set<ResourceId> deleted = new HashSet<>();

  Leftovers(DesiredState desired, Observation observed, LastApplied lastApplied, Scope scope) {
    this.desired = desired;
    this.observed = observed;
    this.lastApplied = lastApplied;
    this.scope = scope;
  }

  List<Change> deletions() {
    for (HostObservation h : observed.hosts().values()) {
      if (h instanceof HostObservation.Reachable r) {
        domainsAndTheirVolumes(r.observation());
        volumesFromState(r.observation());
        networks(r.observation());
      }
    }
    return deletions;
  }

  private void domainsAndTheirVolumes(HypervisorObservation host) {
    for (ObservedDomain d : host.domains()) {
      ResourceId id = ResourceId.domain(host.host(), d.name());
      if (!Scope.ownedHere(d.owner(), host.host())
          || desired.resources().containsKey(id)
          || !scope.mayTouch(id, d.owner().environment())) {
        continue;
      }
      String env = d.owner().environment();
      delete(id, env, d.attributes(), "owned domain no longer in the fleet");
      for (DiskRole role : DiskRole.values()) {
        String name = role.volumeName(d.name());
        host.volumes().stream()
            .filter(v -> v.name().equals(name))
            .forEach(v -> deleteVolume(host.host(), v, env, "disk of deleted domain " + d.name()));
      }
    }
  }

  private void volumesFromState(HypervisorObservation host) {
    for (ObservedVolume v : host.volumes()) {
      ResourceId id = ResourceId.volume(host.host(), v.name());
      lastApplied
          .get(id)
          .filter(r -> v.pool().equals(r.attributes().get("pool")))
          .filter(r -> scope.mayTouch(id, r.environment()))
          .ifPresent(r -> deleteVolume(host.host(), v, r.environment(), "no longer in the fleet"));
    }
  }

  private void deleteVolume(String host, ObservedVolume v, String env, String reason) {
    ResourceId id = ResourceId.volume(host, v.name());
    if (!desired.resources().containsKey(id)) {
      delete(id, env, v.attributes(), reason);
    }
  }

  private void networks(HypervisorObservation host) {
    Set<String> inUse = networksInUseAfterPlan(host);
    for (ObservedNetwork n : host.networks()) {
      ResourceId id = ResourceId.network(host.host(), n.name());
      if (Scope.ownedHere(n.owner(), host.host())
          && !desired.sharedNetworks().contains(id)
          && !desired.resources().containsKey(id)
          && !inUse.contains(n.name())) {
        delete(id, "", n.attributes(), "no VM on this hypervisor uses it");
      }
    }
  }

  private Set<String> networksInUseAfterPlan(HypervisorObservation host) {
    Set<String> inUse = new HashSet<>();
    for (ObservedDomain d : host.domains()) {
      if (!deleted.contains(ResourceId.domain(host.host(), d.name()))) {
        d.nics().forEach(n -> inUse.add(n.network()));
      }
    }
    return inUse;
  }

  private void delete(ResourceId id, String env, SortedMap<String, String> before, String reason) {
    if (!deleted.add(id)) {
      return;
    }
    Impact impact = ResourceKinds.installed().of(id).deletionImpact();
    deletions.add(
        new Change(id, env, Action.DELETE, impact, before, new TreeMap<>(), null, reason));
  }
}
