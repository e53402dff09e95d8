package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Planned;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The rules the handlers of hypervisor objects that carry Ringmaster's ownership mark (domains,
 * networks) share: found by name in their hypervisor's observation; missing means create, marked
 * for another owner or host means refuse, else compare with the kind's impact. Pure.
 *
 * @param <T> the observed object type
 */
final class MarkedObjects<T> {
  private final String noun;
  private final BiFunction<HypervisorObservation, String, Optional<T>> byName;
  private final Function<T, Ownership> owner;
  private final Function<T, SortedMap<String, String>> attributes;

  /**
   * @param noun how messages name the kind ({@code domain}, {@code network})
   */
  MarkedObjects(
      String noun,
      BiFunction<HypervisorObservation, String, Optional<T>> byName,
      Function<T, Ownership> owner,
      Function<T, SortedMap<String, String>> attributes) {
    this.noun = noun;
    this.byName = byName;
    this.owner = owner;
    this.attributes = attributes;
  }

  /** The object named {@code id.name()} on the reachable hypervisor {@code id.host()}. */
  Optional<T> find(ResourceId id, Observation observed) {
    return observed.reachable(id.host()).flatMap(h -> byName.apply(h, id.name()));
  }

  /** The live attributes of {@code id}; empty when it does not exist. */
  Optional<SortedMap<String, String>> live(ResourceId id, Observation observed) {
    return find(id, observed).map(attributes);
  }

  /** Create, refuse a foreign object, or compare with the impact {@code impact} gives. */
  Planned plan(DesiredResource desired, Observation observed, Function<T, Impact> impact) {
    Optional<T> found = find(desired.id(), observed);
    if (found.isEmpty()) {
      return Planned.create(desired);
    }
    if (!Ownership.ownedHere(owner.apply(found.get()), desired.id().host())) {
      return Planned.refuse(
          desired,
          noun + " " + desired.id().name() + " exists and is not Ringmaster's on this hypervisor");
    }
    return Planned.compare(desired, attributes.apply(found.get()), impact.apply(found.get()));
  }
}
