package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.ResourceId;

/**
 * A change the desired state asks for that Ringmaster will not make (a disk shrink, an object with
 * the desired name that Ringmaster does not own). A plan with refusals cannot be applied.
 * Immutable.
 */
public record Refusal(ResourceId resource, String environment, String reason) {
  public Refusal {
    if (resource == null || reason == null) {
      throw new IllegalArgumentException("resource and reason are required");
    }
    environment = environment == null ? "" : environment;
  }

  @Override
  public String toString() {
    return resource + ": " + reason;
  }
}
