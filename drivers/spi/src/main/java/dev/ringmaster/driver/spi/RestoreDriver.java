package dev.ringmaster.driver.spi;

import java.time.Instant;

/**
 * Writes a backup back over a VM's root disk ({@code docs/backups.md#restore}). Obtained from
 * {@link HypervisorDriver#restores()}; shares that driver's connection. Blocking; failures are
 * {@link DriverException}s. The caller shuts the domain off and keeps the current disk as a backup
 * first; this only replaces the volume.
 */
public interface RestoreDriver {
  /**
   * Replaces the volume {@code rootVolume} in {@code rootPool} with the full content of {@code
   * vm}'s complete backup taken at {@code takenAt} in {@code pool}. The backup is read through
   * QEMU's image layer (a backing chain is followed, never copied as raw file bytes) into a new
   * volume {@code <rootVolume>.restore}; only when that copy is complete is the root volume deleted
   * and recreated from it, with the root's capacity and format. Idempotent: a run interrupted after
   * the root was deleted is completed from the staged copy by the next call. Refuses (terminal)
   * when the backup is missing or incomplete, or the domain is running.
   */
  void restoreRoot(String pool, String vm, Instant takenAt, String rootPool, String rootVolume);
}
