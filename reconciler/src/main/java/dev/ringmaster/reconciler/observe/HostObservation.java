package dev.ringmaster.reconciler.observe;

import dev.ringmaster.driver.spi.HypervisorObservation;

/**
 * What one pass learned about one hypervisor: everything on it, or why it could not be observed.
 * Immutable.
 */
public sealed interface HostObservation {
  String host();

  /** The hypervisor answered; {@code observation} is its bulk listing. */
  record Reachable(HypervisorObservation observation) implements HostObservation {
    public Reachable {
      if (observation == null) {
        throw new IllegalArgumentException("observation is required");
      }
    }

    @Override
    public String host() {
      return observation.host();
    }
  }

  /** The hypervisor could not be observed; nothing of its environments is planned. */
  record Unreachable(String host, String reason) implements HostObservation {
    public Unreachable {
      if (host == null) {
        throw new IllegalArgumentException("host is required");
      }
      reason = reason == null ? "" : reason;
    }
  }
}
