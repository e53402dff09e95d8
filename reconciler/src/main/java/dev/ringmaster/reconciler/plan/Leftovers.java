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
            .forEach(
                v ->
                    deleteDisk(
                        host.host(), role, d.name(), v, env, "of deleted domain " + d.name()));
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
      String vm = seedVm(v.name());
      if (vm != null) {
        lastApplied
            .get(ResourceId.seed(host.host(), vm))
            .filter(r -> v.pool().equals(r.attributes().get("pool")))
            .filter(r -> scope.mayTouch(ResourceId.seed(host.host(), vm), r.environment()))
            .ifPresent(
                r ->
                    deleteDisk(
                        host.host(),
                        DiskRole.SEED,
                        vm,
                        v,
                        r.environment(),
                        "no longer in the fleet"));
      }
    }
  }

  private static String seedVm(String volume) {
    String suffix = DiskRole.SEED.volumeName("");
    return volume.endsWith(suffix) && volume.length() > suffix.length()
        ? volume.substring(0, volume.length() - suffix.length())
        : null;
  }

  private void deleteDisk(
      String host, DiskRole role, String vm, ObservedVolume v, String env, String reason) {
    if (role != DiskRole.SEED) {
      deleteVolume(host, v, env, "disk " + reason);
      return;
    }
    ResourceId id = ResourceId.seed(host, vm);
    if (!desired.resources().containsKey(id)) {
      SortedMap<String, String> before = new java.util.TreeMap<>(v.attributes());
      before.put("pool", v.pool());
      before.put("volume", v.name());
      delete(id, env, before, "first-boot seed " + reason);
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
