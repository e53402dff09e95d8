package dev.ringmaster.reconciler.gate;

import java.time.Duration;
import java.time.Instant;

/**
 * The mark of a VM removed from Git and shut down but not yet deleted: its hypervisor, name,
 * environment, when it was marked and whether it was protected when last seen. Kept in the state
 * store's key-value area under {@code softdelete/<host>/<vm>}. Immutable.
 */
public record SoftDeletion(
    String host, String vm, String environment, Instant at, boolean protectedVm) {
  public SoftDeletion {
    if (host == null || vm == null || at == null) {
      throw new IllegalArgumentException("host, vm and at are required");
    }
    environment = environment == null ? "" : environment;
  }

  public Instant deleteAfter(Duration grace) {
    return at.plus(grace);
  }
}
