package dev.ringmaster.reconciler.gate;

import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.RingmasterException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The concrete windows of an environment's {@link Maintenance}: a daily local-time interval that
 * crosses midnight when its end is not after its start ({@code 22:00-05:00}; equal ends mean a
 * whole day). Local times that a daylight-saving change skips resolve to the first valid instant
 * after the gap; local times it repeats resolve to their first occurrence. Pure, immutable and
 * thread-safe; no method reads the clock.
 */
public final class MaintenanceSchedule {
  private static final int SEARCH_DAYS = 800;

  private final Maintenance maintenance;

  public MaintenanceSchedule(Maintenance maintenance) {
    if (maintenance == null) {
      throw new IllegalArgumentException("maintenance is required");
    }
    this.maintenance = maintenance;
  }

  public Maintenance maintenance() {
    return maintenance;
  }

  /** The window that opens on a local date (it may close on the next day). */
  public MaintenanceWindow openingOn(LocalDate date) {
    LocalTime start = maintenance.start();
    LocalTime end = maintenance.end();
    LocalDate endDate = end.isAfter(start) ? date : date.plusDays(1);
    ZoneId zone = maintenance.timezone();
    return new MaintenanceWindow(
        resolve(LocalDateTime.of(date, start), zone),
        resolve(LocalDateTime.of(endDate, end), zone));
  }

  /** The window open at {@code now}, if any. */
  public Optional<MaintenanceWindow> openAt(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, maintenance.timezone());
    for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
      MaintenanceWindow w = openingOn(d);
      if (w.contains(now)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  public boolean isOpen(Instant now) {
    return openAt(now).isPresent();
  }

  /** The first window that opens at or after {@code now}. */
  public MaintenanceWindow nextOpening(Instant now) {
    return first(now, w -> !w.opens().toInstant().isBefore(now));
  }

  /**
   * The window a restart change known since {@code knownSince} runs in, seen at {@code now}: the
   * first window that opens at least the lead time after {@code knownSince} and has not closed
   * before {@code now}. It may already be open.
   */
  public MaintenanceWindow scheduledFor(Instant knownSince, Instant now) {
    Instant earliest = knownSince.plus(maintenance.leadTime());
    return first(
        earliest.isAfter(now) ? earliest : now,
        w -> !w.opens().toInstant().isBefore(earliest) && w.closes().toInstant().isAfter(now));
  }

  private MaintenanceWindow first(Instant from, Predicate<MaintenanceWindow> wanted) {
    LocalDate day = LocalDate.ofInstant(from, maintenance.timezone()).minusDays(1);
    for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
      MaintenanceWindow w = openingOn(day);
      if (!w.isEmpty() && wanted.test(w)) {
        return w;
      }
    }
    throw new RingmasterException(
        "no maintenance window " + maintenance.window() + " found within " + SEARCH_DAYS + " days");
  }

  static ZonedDateTime resolve(LocalDateTime local, ZoneId zone) {
    if (zone.getRules().getValidOffsets(local).isEmpty()) {
      ZoneOffsetTransition gap = zone.getRules().getTransition(local);
      return ZonedDateTime.ofInstant(gap.getInstant(), zone);
    }
    return ZonedDateTime.ofLocal(local, zone, null);
  }
}
