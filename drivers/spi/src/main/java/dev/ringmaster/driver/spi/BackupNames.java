package dev.ringmaster.driver.spi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How backups are named in a backup pool, so that listing the pool reconstructs them and marks
 * Ringmaster's ownership (volumes carry no metadata). A backup is two volumes:
 *
 * <ul>
 *   <li>data: {@code ringmaster-backup.<host>.<vm>.<yyyyMMdd'T'HHmmss'Z'>.qcow2}, the copy of the
 *       root disk;
 *   <li>mark: {@code ringmaster-backup.<host>.<vm>.<time>.<consistency>[-<reason>][.<base>]}, an
 *       empty volume written after the data is complete, naming its consistency, why a {@code
 *       crash} backup is only crash-consistent ({@link CrashReason}), and for an incremental backup
 *       the time of the backup its data volume has as backing file.
 * </ul>
 *
 * Host and VM names never contain dots, so the names parse unambiguously. A volume that does not
 * match is not Ringmaster's and is never touched. Pure; thread-safe.
 */
public final class BackupNames {
  public static final String PREFIX = "ringmaster-backup.";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern NAME =
      Pattern.compile(
          "^ringmaster-backup\\.([a-z][a-z0-9-]*)\\.([a-z][a-z0-9-]*)\\.(\\d{8}T\\d{6}Z)"
              + "\\.([a-z0-9]+(?:-[a-z0-9]+)*)(?:\\.(\\d{8}T\\d{6}Z))?$");

  private BackupNames() {}

  /**
   * A parsed volume name: {@code suffix} is {@code qcow2} for data; for a mark, {@code consistency}
   * and {@code reason} (a {@link CrashReason} key, empty when none) are set, and {@code basedOn} is
   * the time of the backup an incremental one builds on (null for a full backup).
   */
  public record Parsed(
      String host,
      String vm,
      Instant takenAt,
      String suffix,
      BackupConsistency consistency,
      String reason,
      Instant basedOn) {
    public boolean isData() {
      return "qcow2".equals(suffix);
    }
  }

  /**
   * Whether {@code name} is the completion mark of the backup of {@code vm} on {@code host} taken
   * at {@code takenAt}.
   */
  public static boolean isMarkOf(String name, String host, String vm, Instant takenAt) {
    Optional<Parsed> b = parse(name);
    return b.isPresent()
        && !b.get().isData()
        && b.get().host().equals(host)
        && b.get().vm().equals(vm)
        && b.get().takenAt().equals(takenAt);
  }

  /** The data volume of a backup; {@code takenAt} is truncated to whole seconds. */
  public static String data(String host, String vm, Instant takenAt) {
    return stem(host, vm, takenAt) + ".qcow2";
  }

  /** The completion mark of a full backup whose consistency has no recorded reason. */
  public static String mark(String host, String vm, Instant takenAt, BackupConsistency c) {
    return mark(host, vm, takenAt, c, "", null);
  }

  /**
   * The completion mark of a backup: {@code reason} a {@link CrashReason} key (empty for none,
   * always empty for {@code frozen}), {@code basedOn} the backup an incremental one builds on (null
   * for a full one).
   */
  public static String mark(
      String host,
      String vm,
      Instant takenAt,
      BackupConsistency c,
      String reason,
      Instant basedOn) {
    if (!CrashReason.valid(reason) || (c == BackupConsistency.FROZEN && !reason.isEmpty())) {
      throw new IllegalArgumentException("not a reason for a " + c.key() + " backup: " + reason);
    }
    return stem(host, vm, takenAt)
        + "."
        + c.key()
        + (reason.isEmpty() ? "" : "-" + reason)
        + (basedOn == null ? "" : "." + TIME.format(truncate(basedOn)));
  }

  /**
   * The name of the libvirt checkpoint a running VM's backup at {@code takenAt} creates (in that
   * domain): the next backup can be incremental on it.
   */
  public static String checkpoint(Instant takenAt) {
    return PREFIX + TIME.format(truncate(takenAt));
  }

  /** A backup's time as written in its names: whole seconds, UTC. */
  public static Instant truncate(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** The parts of a Ringmaster backup volume name; empty for any other volume. */
  public static Optional<Parsed> parse(String volume) {
    Matcher m = NAME.matcher(volume);
    if (!m.matches()) {
      return Optional.empty();
    }
    String suffix = m.group(4);
    try {
      Instant at = Instant.from(TIME.parse(m.group(3)));
      Instant basedOn = m.group(5) == null ? null : Instant.from(TIME.parse(m.group(5)));
      if (suffix.equals("qcow2")) {
        return basedOn == null
            ? Optional.of(new Parsed(m.group(1), m.group(2), at, suffix, null, "", null))
            : Optional.empty();
      }
      int dash = suffix.indexOf('-');
      BackupConsistency c = BackupConsistency.ofKey(dash < 0 ? suffix : suffix.substring(0, dash));
      String reason = dash < 0 ? "" : suffix.substring(dash + 1);
      if (c == null
          || !CrashReason.valid(reason)
          || (c == BackupConsistency.FROZEN && !reason.isEmpty())
          || (basedOn != null && !basedOn.isBefore(at))) {
        return Optional.empty();
      }
      return Optional.of(new Parsed(m.group(1), m.group(2), at, suffix, c, reason, basedOn));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String stem(String host, String vm, Instant takenAt) {
    return PREFIX + host + "." + vm + "." + TIME.format(truncate(takenAt));
  }
}
