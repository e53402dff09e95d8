package dev.ringmaster.reconciler.observe;

import dev.ringmaster.driver.spi.ResourceId;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one pass observed of a kind that does not live in a hypervisor's bulk observation (for
 * example DNS records): the owned objects found with their attributes, and the endpoints (a DNS
 * server, a zone) that could not be read, with the reason. A resource whose endpoint is unreachable
 * is held back; nothing else is. Immutable.
 *
 * @param objects owned objects by id to their attributes (the keys desired resources offer)
 * @param unreachable endpoint name to why it could not be observed
 */
public record KindObservation(
    SortedMap<ResourceId, SortedMap<String, String>> objects,
    SortedMap<String, String> unreachable) {
  public KindObservation {
    SortedMap<ResourceId, SortedMap<String, String>> copy = new TreeMap<>();
    objects.forEach((k, v) -> copy.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
    objects = Collections.unmodifiableSortedMap(copy);
    unreachable = Collections.unmodifiableSortedMap(new TreeMap<>(unreachable));
  }
}
