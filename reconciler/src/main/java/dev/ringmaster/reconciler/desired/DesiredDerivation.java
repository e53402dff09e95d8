package dev.ringmaster.reconciler.desired;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Derives the desired resources of a fleet: each installed {@link KindDerivation} per environment
 * in scope, and the guests of its VMs from the configured {@link GuestResourceSource}.
 */
final class DesiredDerivation {
  private final Fleet fleet;
  private final GuestResourceSource guests;

  DesiredDerivation(Fleet fleet, GuestResourceSource guests) {
    this.fleet = fleet;
    this.guests = guests;
  }

  DesiredState derive(Set<String> scope) {
    SortedMap<ResourceId, DesiredResource> resources = new TreeMap<>();
    SortedSet<ResourceId> shared = new TreeSet<>();
    for (KindDerivation kind : KindDerivations.INSTALLED) {
      shared.addAll(kind.shared(fleet));
    }
    for (Environment env : inScope(scope)) {
      for (KindDerivation kind : KindDerivations.INSTALLED) {
        kind.derive(fleet, env).forEach(r -> resources.put(r.id(), r));
      }
      for (VmSpec vm : env.vms()) {
        guests.guestFor(fleet, env, vm).ifPresent(g -> resources.put(g.id(), g));
      }
    }
    return new DesiredState(scope, resources, shared, fleet);
  }

  /** The environments in scope, looked up by name: the work is proportional to the scope. */
  private List<Environment> inScope(Set<String> scope) {
    if (scope.isEmpty()) {
      return fleet.environments();
    }
    List<Environment> out = new ArrayList<>();
    for (String name : new TreeSet<>(scope)) {
      fleet.environment(name).ifPresent(out::add);
    }
    return out;
  }
}
