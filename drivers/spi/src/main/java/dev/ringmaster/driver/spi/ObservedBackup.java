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
 */
public record ObservedBackup(
    String host,
    String pool,
    String vm,
    Instant takenAt,
    BackupConsistency consistency,
    boolean complete,
    Size size) {
  public ObservedBackup {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(vm, "vm");
    Objects.requireNonNull(takenAt, "takenAt");
  }

  /** The data volume's name. */
  public String volume() {
    return BackupNames.data(host, vm, takenAt);
  }
}
