package dev.ringmaster.reconciler.gate;

import dev.ringmaster.driver.spi.ResourceId;
import java.time.Instant;

/**
 * A change the safety gate keeps pending, and why: {@link Kind#WINDOW} a restart waiting for its
 * maintenance window ({@code window} set; {@code held} false once the window is open), {@link
 * Kind#GRACE} a deletion waiting out the grace period of a soft-deleted VM ({@code due} is when it
 * may go), {@link Kind#BUDGET} a removal beyond the deletion budget. {@code window}, {@code
 * knownSince} and {@code due} are null where they do not apply. Immutable.
 */
public record Hold(
    ResourceId resource,
    String environment,
    Kind kind,
    String change,
    String reason,
    MaintenanceWindow window,
    Instant knownSince,
    Instant due,
    boolean held) {
  /** Why a change waits. */
  public enum Kind {
    WINDOW,
    GRACE,
    BUDGET
  }

  public Hold {
    if (resource == null || kind == null) {
      throw new IllegalArgumentException("resource and kind are required");
    }
    environment = environment == null ? "" : environment;
    change = change == null ? "" : change;
    reason = reason == null ? "" : reason;
  }
}
