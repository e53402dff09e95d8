package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsZoneObservation;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The DNS zones read in one pass: per zone its content, why it could not be read (server
 * unreachable, key refused), or why it was not tried (its server is not configured on this
 * machine). Immutable.
 */
public record DnsObservation(
    SortedMap<String, DnsZoneObservation> zones,
    SortedMap<String, String> failed,
    SortedMap<String, String> unconfigured) {
  public DnsObservation {
    zones = Collections.unmodifiableSortedMap(new TreeMap<>(zones));
    failed = Collections.unmodifiableSortedMap(new TreeMap<>(failed));
    unconfigured = Collections.unmodifiableSortedMap(new TreeMap<>(unconfigured));
  }

  public Optional<DnsZoneObservation> zone(String zone) {
    return Optional.ofNullable(zones.get(zone));
  }

  /** Why {@code zone} could not be read; empty when it was (or was not tried). */
  public Optional<String> failure(String zone) {
    return Optional.ofNullable(failed.get(zone));
  }
}
