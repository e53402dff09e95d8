package dev.ringmaster.driver.spi;

import dev.ringmaster.model.Size;
import java.time.Instant;
import java.util.Objects;

/**
 * One backup of a VM's root disk found in a backup pool, reconstructed from its volume names
 * ({@link BackupNames}). Immutable.
 *
 * @param complete false while the backup job runs, or when it was interrupted (no completion mark)
 * @param consistency null when not complete
 * @param size the data volume's allocation on disk; null when unknown
 * @param crashReason why a {@code crash} backup is only crash-consistent, a {@link CrashReason}
 *     key; empty when frozen, incomplete or not recorded
 * @param basedOn for an incremental backup, the time of the backup its data volume has as backing
 *     file (restoring it needs that one too); null for a full backup or when not complete
 */
public record ObservedBackup(
    String host,
    String pool,
    String vm,
    Instant takenAt,
    BackupConsistency consistency,
    boolean complete,
    Size size,
    String crashReason,
    Instant basedOn) {
  public ObservedBackup {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(vm, "vm");
    Objects.requireNonNull(takenAt, "takenAt");
    crashReason = crashReason == null ? "" : crashReason;
  }

  /** A full backup without a recorded reason. */
  public ObservedBackup(
      String host,
      String pool,
      String vm,
      Instant takenAt,
      BackupConsistency consistency,
      boolean complete,
      Size size) {
    this(host, pool, vm, takenAt, consistency, complete, size, "", null);
  }

  /** The data volume's name. */
  public String volume() {
    return BackupNames.data(host, vm, takenAt);
  }

  /** Whether this backup is an overlay on an earlier one ({@link #basedOn()} set). */
  public boolean incremental() {
    return basedOn != null;
  }

  /** {@link #crashReason()} as a sentence for users; empty when none. */
  public String crashReasonText() {
    return CrashReason.describe(crashReason);
  }
}
