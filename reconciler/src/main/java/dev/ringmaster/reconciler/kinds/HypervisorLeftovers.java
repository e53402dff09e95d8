package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The leftover rules the hypervisor kinds share: a domain carries an ownership mark and is a
 * leftover when it is marked for this host, no longer desired and may be touched; its disks and
 * seed go with it, and a network stays while a domain that is not going uses it. Pure.
 */
final class HypervisorLeftovers {
  private HypervisorLeftovers() {}

  /** The reachable hypervisors' observations. */
  static List<HypervisorObservation> reachable(Observation observed) {
    List<HypervisorObservation> out = new ArrayList<>();
    for (HostObservation h : observed.hosts().values()) {
      if (h instanceof HostObservation.Reachable r) {
        out.add(r.observation());
      }
    }
    return out;
  }

  /** The owned domains of {@code host} that this plan deletes. */
  static List<ObservedDomain> removedDomains(
      HypervisorObservation host, DesiredState desired, BiPredicate<ResourceId, String> mayTouch) {
    List<ObservedDomain> out = new ArrayList<>();
    // a pass's scope names its environments: only their domains can be its leftovers
    List<ObservedDomain> candidates =
        desired.scope().isEmpty()
            ? host.domains()
            : desired.scope().stream()
                .sorted()
                .flatMap(env -> host.domainsOwnedBy(env).stream())
                .toList();
    for (ObservedDomain d : candidates) {
      ResourceId id = ResourceId.domain(host.host(), d.name());
      if (Ownership.ownedHere(d.owner(), host.host())
          && !desired.resources().containsKey(id)
          && mayTouch.test(id, d.owner().environment())) {
        out.add(d);
      }
    }
    return out;
  }

  static Change deletion(
      ResourceId id, String env, SortedMap<String, String> before, Impact impact, String reason) {
    return new Change(id, env, Action.DELETE, impact, before, new TreeMap<>(), null, reason);
  }
}
