package dev.ringmaster.driver.spi;

import java.util.SortedMap;

/**
 * What one managed object should be, derived from the fleet spec. Immutable values; the same spec
 * always derives equal resources. {@link #attributes()} is the flat, comparable view that plans
 * show and diff (the observed side offers the same keys).
 */
public sealed interface DesiredResource
    permits NetworkResource,
        VolumeResource,
        SeedResource,
        DomainResource,
        GuestResource,
        DnsRecordResource,
        BackupResource {
  ResourceId id();

  /** The environment this object belongs to; empty for objects shared on a hypervisor. */
  String environment();

  /** Display and comparison view: attribute name to canonical text value, sorted by name. */
  SortedMap<String, String> attributes();
}
