package dev.ringmaster.model;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * An environment's maintenance window: a daily local-time interval (which may cross midnight) in a
 * time zone, and how long before the window opens a reboot must be known to be scheduled into it.
 */
public record Maintenance(LocalTime start, LocalTime end, ZoneId timezone, Duration leadTime) {
  public static final Maintenance DEFAULT =
      new Maintenance(
          LocalTime.of(22, 0),
          LocalTime.of(5, 0),
          ZoneId.of("Europe/Berlin"),
          Duration.ofHours(12));

  public Maintenance {
    if (start == null || end == null || timezone == null || leadTime == null) {
      throw new IllegalArgumentException("maintenance fields must not be null");
    }
  }

  /** {@code 22:00-05:00}, as written in YAML. */
  public String window() {
    return start + "-" + end;
  }
}
