package dev.ringmaster.reconciler.gate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One concrete maintenance window: the instants it opens (inclusive) and closes (exclusive), in the
 * environment's time zone. Immutable and thread-safe. Its length is real elapsed time, so a
 * 22:00–05:00 window is 6 h on the night clocks go forward and 8 h on the night they go back.
 */
public record MaintenanceWindow(ZonedDateTime opens, ZonedDateTime closes) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  public MaintenanceWindow {
    if (opens == null || closes == null) {
      throw new IllegalArgumentException("opens and closes are required");
    }
    if (closes.isBefore(opens)) {
      throw new IllegalArgumentException("a window cannot close before it opens");
    }
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(opens.toInstant()) && instant.isBefore(closes.toInstant());
  }

  public Duration length() {
    return Duration.between(opens.toInstant(), closes.toInstant());
  }

  public boolean isEmpty() {
    return length().isZero();
  }

  /** {@code 2026-11-22 22:00–05:00 Europe/Berlin}: local opening day and times, and the zone. */
  public String render() {
    return DAY.format(opens)
        + " "
        + TIME.format(opens)
        + "–"
        + TIME.format(closes)
        + " "
        + opens.getZone().getId();
  }

  @Override
  public String toString() {
    return render();
  }
}
