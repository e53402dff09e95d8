package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsZoneObservation;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The DNS zones read in one pass: per zone its content, or why it could not be read (server
 * unreachable, key refused). Immutable.
 */
public record DnsObservation(
    SortedMap<String, DnsZoneObservation> zones, SortedMap<String, String> failed) {
  public DnsObservation {
    zones = Collections.unmodifiableSortedMap(new TreeMap<>(zones));
    failed = Collections.unmodifiableSortedMap(new TreeMap<>(failed));
  }

  public static DnsObservation empty() {
    return new DnsObservation(new TreeMap<>(), new TreeMap<>());
  }

  public Optional<DnsZoneObservation> zone(String zone) {
    return Optional.ofNullable(zones.get(zone));
  }

  /** Why {@code zone} could not be read; empty when it was (or was not tried). */
  public Optional<String> failure(String zone) {
    return Optional.ofNullable(failed.get(zone));
  }
}
