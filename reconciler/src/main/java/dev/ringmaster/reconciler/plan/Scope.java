package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which resources a pass may touch: in the desired scope, on an observed hypervisor, and not of an
 * environment that has objects on a hypervisor that could not be observed.
 */
final class Scope {
  private final DesiredState desired;
  private final Observation observed;
  private final SortedMap<String, String> unreachable;
  private final Set<String> blockedEnvironments = new HashSet<>();

  Scope(DesiredState desired, Observation observed, LastApplied lastApplied) {
    this.desired = desired;
    this.observed = observed;
    this.unreachable = new TreeMap<>(observed.unreachable());
    for (DesiredResource r : desired.resources().values()) {
      if (observed.reachable(r.id().host()).isEmpty()) {
        unreachable.putIfAbsent(r.id().host(), "not observed");
        blockedEnvironments.add(r.environment());
      }
    }
    for (AppliedRecord r : lastApplied.records().values()) {
      if (unreachable.containsKey(r.resource().host())) {
        blockedEnvironments.add(r.environment());
      }
    }
    blockedEnvironments.remove("");
  }

  SortedMap<String, String> unreachable() {
    return unreachable;
  }

  boolean mayTouch(ResourceId id, String environment) {
    return observed.reachable(id.host()).isPresent()
        && desired.inScope(environment)
        && !blockedEnvironments.contains(environment);
  }

  /** The shared objects (networks, environment {@code ""}) are in every scope. */
  boolean mayTouchShared(ResourceId id) {
    return observed.reachable(id.host()).isPresent();
  }

  static boolean ownedHere(Ownership owner, String host) {
    return owner != null && (owner.host().isEmpty() || owner.host().equals(host));
  }
}
