package dev.ringmaster.model.backup;

import dev.ringmaster.model.Backup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a VM's backups are due ({@code docs/backups.md#schedule}). A policy that takes backups has a
 * period (a day for {@code default}, an hour for {@code frequent}) and the VM a fixed slot in it
 * ({@code offset} after each UTC period start); a backup is due when none was taken since the last
 * slot, and overdue when none was taken since the slot before it. Pure; immutable.
 *
 * @param period null for a policy that takes no backups
 */
public record BackupSchedule(Duration period, Duration offset) {
  /** Daily slots fall in the first hours of the UTC day, spread over this window. */
  static final Duration NIGHT = Duration.ofHours(6);

  public BackupSchedule {
    Objects.requireNonNull(offset, "offset");
    if (period != null && (offset.isNegative() || offset.compareTo(period) >= 0)) {
      throw new IllegalArgumentException("offset " + offset + " not inside the period " + period);
    }
  }

  /**
   * The schedule of {@code vm} under {@code policy}: the slot derives from the VM's name, so VMs
   * spread over the period and a VM keeps its slot.
   */
  public static BackupSchedule of(Backup policy, String vm) {
    return switch (policy) {
      case NONE -> new BackupSchedule(null, Duration.ZERO);
      case DEFAULT -> new BackupSchedule(Duration.ofDays(1), spread(vm, NIGHT));
      case FREQUENT -> new BackupSchedule(Duration.ofHours(1), spread(vm, Duration.ofHours(1)));
    };
  }

  /** Whether backups are taken at all. */
  public boolean takesBackups() {
    return period != null;
  }

  /** The latest slot at or before {@code now}; empty for a policy without backups. */
  public Optional<Instant> lastSlot(Instant now) {
    if (period == null) {
      return Optional.empty();
    }
    long p = period.toMillis();
    long since = now.toEpochMilli() - offset.toMillis();
    return Optional.of(Instant.ofEpochMilli(Math.floorDiv(since, p) * p + offset.toMillis()));
  }

  /** Whether a backup should be taken now, given the newest one (null when there is none). */
  public boolean due(Instant newest, Instant now) {
    return lastSlot(now).map(slot -> newest == null || newest.isBefore(slot)).orElse(false);
  }

  /**
   * Whether the newest backup is older than the schedule allows: none since the slot before the
   * last one, so at least one whole period passed without a backup. A VM without any backup is
   * overdue once a period has passed since {@code since} (when it got its policy).
   */
  public boolean overdue(Instant newest, Instant since, Instant now) {
    return lastSlot(now)
        .map(slot -> slot.minus(period))
        .map(previous -> (newest == null ? !since.isAfter(previous) : newest.isBefore(previous)))
        .orElse(false);
  }

  /** When the next backup is due: {@code now} when it is due already; empty without backups. */
  public Optional<Instant> nextDue(Instant newest, Instant now) {
    return lastSlot(now).map(slot -> due(newest, now) ? now : slot.plus(period));
  }

  private static Duration spread(String vm, Duration window) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(vm.getBytes(StandardCharsets.UTF_8));
      long n = 0;
      for (int i = 0; i < 8; i++) {
        n = (n << 8) | (h[i] & 0xff);
      }
      return Duration.ofMinutes(Math.floorMod(n, window.toMinutes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
