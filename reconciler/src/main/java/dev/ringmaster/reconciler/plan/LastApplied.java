package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.ResourceId;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the state store says was last applied, per resource. Empty after the state directory was
 * lost: the planner then adopts owned objects by their marks. Immutable.
 */
public record LastApplied(SortedMap<ResourceId, AppliedRecord> records) {
  public LastApplied {
    records = Collections.unmodifiableSortedMap(new TreeMap<>(records));
  }

  public static LastApplied empty() {
    return new LastApplied(new TreeMap<>());
  }

  public static LastApplied of(Collection<AppliedRecord> records) {
    SortedMap<ResourceId, AppliedRecord> map = new TreeMap<>();
    records.forEach(r -> map.put(r.resource(), r));
    return new LastApplied(map);
  }

  public Optional<AppliedRecord> get(ResourceId id) {
    return Optional.ofNullable(records.get(id));
  }

  public boolean has(ResourceId id) {
    return records.containsKey(id);
  }
}
