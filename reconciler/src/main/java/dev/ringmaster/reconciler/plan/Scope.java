package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which resources a pass may touch: in the desired scope, at an endpoint that was observed, and not
 * of an environment that has objects at an endpoint of the same group that could not be observed.
 * Hypervisor kinds form one group (an unreachable hypervisor holds back every hypervisor change of
 * its environments); a kind that observes itself (DNS) is its own group, so its unreachable server
 * holds back only that kind's changes.
 */
final class Scope {
  private static final String HYPERVISORS = "";

  private final DesiredState desired;
  private final Observation observed;
  private final ResourceKinds kinds = ResourceKinds.installed();
  private final SortedMap<String, String> unreachable;
  private final Set<String> blocked = new HashSet<>();

  Scope(DesiredState desired, Observation observed, LastApplied lastApplied) {
    this.desired = desired;
    this.observed = observed;
    this.unreachable = new TreeMap<>(observed.unreachable());
    observed
        .kinds()
        .forEach(
            (kind, o) ->
                o.unreachable()
                    .forEach(
                        (endpoint, why) ->
                            unreachable.put(endpointKey(kind.name(), endpoint), why)));
    for (DesiredResource r : desired.resources().values()) {
      Optional<String> why = down(r.id());
      if (why.isPresent()) {
        unreachable.putIfAbsent(key(r.id()), why.get());
        block(r.id(), r.environment());
      }
    }
    for (AppliedRecord r : lastApplied.records().values()) {
      if (down(r.resource()).isPresent()) {
        block(r.resource(), r.environment());
      }
    }
  }

  private Optional<String> down(ResourceId id) {
    return kinds.of(id).unreachable(id, observed);
  }

  private String group(ResourceId id) {
    return observed.of(id.kind()).isPresent() ? id.kind().name() : HYPERVISORS;
  }

  private String key(ResourceId id) {
    return observed.of(id.kind()).isPresent()
        ? endpointKey(id.kind().name(), id.host())
        : id.host();
  }

  private static String endpointKey(String kind, String endpoint) {
    return kind.toLowerCase(Locale.ROOT) + "/" + endpoint;
  }

  private void block(ResourceId id, String environment) {
    if (!environment.isEmpty()) {
      blocked.add(group(id) + "\n" + environment);
    }
  }

  SortedMap<String, String> unreachable() {
    return unreachable;
  }

  boolean mayTouch(ResourceId id, String environment) {
    return down(id).isEmpty()
        && desired.inScope(environment)
        && !blocked.contains(group(id) + "\n" + environment);
  }

  /** The shared objects (networks, environment {@code ""}) are in every scope. */
  boolean mayTouchShared(ResourceId id) {
    return down(id).isEmpty();
  }
}
