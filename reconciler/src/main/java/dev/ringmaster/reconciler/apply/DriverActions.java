package dev.ringmaster.reconciler.apply;

import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import java.time.Duration;

/**
 * Carries out one change through its kind's handler and driver. Every call is idempotent, so a
 * retry is safe.
 */
final class DriverActions {
  private final DriverAccess drivers;
  private final Duration shutdownTimeout;

  DriverActions(DriverAccess drivers, Duration shutdownTimeout) {
    this.drivers = drivers;
    this.shutdownTimeout = shutdownTimeout;
  }

  void perform(Change change) {
    ResourceKinds.installed().of(change.resource()).apply(change, drivers, shutdownTimeout);
  }
}
