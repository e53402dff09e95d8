package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.ResourceId;

/**
 * One field of one resource whose live value departs from what was last applied. An object deleted
 * by hand is reported with field {@code exists}, last applied {@code true}, observed {@code false}.
 * Immutable.
 */
public record DriftItem(
    String environment, ResourceId resource, String field, String lastApplied, String observed) {
  public static final String EXISTS = "exists";

  public DriftItem {
    if (resource == null || field == null) {
      throw new IllegalArgumentException("resource and field are required");
    }
    environment = environment == null ? "" : environment;
    lastApplied = lastApplied == null ? "" : lastApplied;
    observed = observed == null ? "" : observed;
  }
}
