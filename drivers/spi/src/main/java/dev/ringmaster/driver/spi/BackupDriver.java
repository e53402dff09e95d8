package dev.ringmaster.driver.spi;

import java.time.Instant;
import java.util.List;

/**
 * Takes, lists and deletes backups of VMs' root disks in a hypervisor's backup pool ({@code
 * docs/backups.md}). Obtained from {@link HypervisorDriver#backups()}, it shares that driver's
 * connection and is not thread-safe beyond it. All methods block; failures are {@link
 * DriverException}s.
 *
 * <p>Contract: {@link #list} is read-only and one pool listing; {@link #take} is idempotent (a
 * complete backup of that VM at that instant is returned as is; an incomplete one is replaced);
 * {@link #delete} succeeds when the backup is missing; volumes whose names are not {@link
 * BackupNames} are never touched.
 */
public interface BackupDriver {
  /** Every backup of this host in {@code pool}, complete or not, oldest first. Read-only. */
  List<ObservedBackup> list(String pool);

  /**
   * Backs up the root disk {@code rootVolume} (in {@code rootPool}) of domain {@code vm} into
   * {@code pool} as the backup taken at {@code at}: through the domain's backup job while it runs
   * (its file systems frozen through the guest agent when it has one that answers), incremental on
   * the VM's newest backup when {@link dev.ringmaster.model.backup.BackupChain#next} allows it and
   * the domain still has that backup's checkpoint, full otherwise; by copying the volume through
   * the storage API while it is shut off or undefined. Returns when the backup is complete.
   */
  ObservedBackup take(String pool, String vm, String rootPool, String rootVolume, Instant at);

  /**
   * Deletes one backup (mark first, then data) and, while the VM runs, its checkpoint; succeeds
   * when it is missing. Whether other backups build on it is the caller's concern.
   */
  void delete(String pool, String vm, Instant takenAt);
}
