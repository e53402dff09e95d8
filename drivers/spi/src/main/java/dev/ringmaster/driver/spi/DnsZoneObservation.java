package dev.ringmaster.driver.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one DNS zone holds, read in one zone transfer: every name (relative to the zone, lower case,
 * {@code @} for the apex) with its records per type, except Ringmaster's ownership markers, which
 * are summarised as {@code owners}: name to the owner id its marker names. A name whose owner is
 * this installation's owner id is Ringmaster's; any other name is foreign. Immutable.
 */
public record DnsZoneObservation(
    String zone,
    SortedMap<String, SortedMap<String, List<String>>> names,
    SortedMap<String, String> owners) {
  public DnsZoneObservation {
    if (zone == null) {
      throw new IllegalArgumentException("zone is required");
    }
    SortedMap<String, SortedMap<String, List<String>>> copy = new TreeMap<>();
    names.forEach(
        (n, types) -> copy.put(n, Collections.unmodifiableSortedMap(new TreeMap<>(types))));
    names = Collections.unmodifiableSortedMap(copy);
    owners = Collections.unmodifiableSortedMap(new TreeMap<>(owners));
  }

  /** Every record type at {@code name}; empty when the name holds none. */
  public SortedMap<String, List<String>> recordsAt(String name) {
    return names.getOrDefault(name, Collections.emptySortedMap());
  }

  /** The managed types' records at {@code name} (see {@link DnsRecordResource#MANAGED_TYPES}). */
  public SortedMap<String, List<String>> managedAt(String name) {
    SortedMap<String, List<String>> out = new TreeMap<>();
    recordsAt(name)
        .forEach(
            (type, values) -> {
              if (DnsRecordResource.MANAGED_TYPES.contains(type)) {
                out.put(type, values);
              }
            });
    return out;
  }

  /** The owner id of {@code name}'s ownership marker; empty when it has none. */
  public Optional<String> ownerOf(String name) {
    return Optional.ofNullable(owners.get(name));
  }

  /** The names whose marker names {@code owner}. */
  public SortedSet<String> ownedBy(String owner) {
    SortedSet<String> out = new TreeSet<>();
    for (Map.Entry<String, String> e : owners.entrySet()) {
      if (e.getValue().equals(owner)) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}
