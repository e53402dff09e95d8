package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.ResourceId;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What Ringmaster last applied to one resource: its attributes (the {@code attributes()} view of
 * the desired resource), environment, the Git commit and when. Immutable.
 */
public record AppliedRecord(
    ResourceId resource,
    SortedMap<String, String> attributes,
    String environment,
    String commit,
    Instant appliedAt) {
  public AppliedRecord {
    if (resource == null) {
      throw new IllegalArgumentException("resource is required");
    }
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    environment = environment == null ? "" : environment;
    commit = commit == null ? "" : commit;
    appliedAt = appliedAt == null ? Instant.EPOCH : appliedAt;
  }
}
