package dev.ringmaster.model.hostconfig;

/**
 * The maintenance window a VM announces: daily local-time {@code window} ({@code 22:00-05:00}), the
 * IANA time zone it is read in, and how many minutes ahead a reboot must be scheduled. Immutable.
 */
public record HostMaintenance(String window, String timezone, long leadTimeMinutes) {
  public HostMaintenance {
    Checks.required(window, "window");
    Checks.required(timezone, "timezone");
  }
}
