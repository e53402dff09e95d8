package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.backup.RestoreDecision;
import dev.ringmaster.reconciler.backup.Restorer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What became of a {@link RestoreRequest}, as the API answers it. {@code planned} is the restore as
 * plan output shows it (null when refused before a backup was chosen); {@code backup} and {@code
 * backupId} name the chosen backup; {@code preRestoreBackup} is the backup the VM's disk was kept
 * as first (null unless restored, or when the disk was already gone); {@code started} says whether
 * the VM was started again. Immutable.
 */
public record RestoreReport(
    Outcome outcome,
    String vm,
    String environment,
    String planned,
    Instant backup,
    String backupId,
    Instant preRestoreBackup,
    String preRestoreBackupId,
    boolean started,
    boolean forced,
    String message) {
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** How the request ended. */
  public enum Outcome {
    /** The disk was written back; the VM runs again if it was running. */
    RESTORED,
    /** A dry run: the planned restore, nothing changed. */
    PREVIEWED,
    /** Consented, but outside the maintenance window and not forced: nothing changed. */
    HELD,
    /** No consent to destroy: nothing changed. */
    NEEDS_CONSENT,
    /** Bad request for this VM (no backups, none at that time, ...): nothing changed. */
    REFUSED
  }

  static RestoreReport restored(
      RestoreDecision.Ready ready, Restorer.Result result, String message) {
    RestoreDecision.Target t = ready.target();
    return new RestoreReport(
        Outcome.RESTORED,
        t.vm(),
        t.environment(),
        t.describe(),
        t.takenAt(),
        id(t.takenAt()),
        result.preRestoreBackup(),
        id(result.preRestoreBackup()),
        result.started(),
        ready.forced(),
        message);
  }

  static RestoreReport of(
      Outcome outcome, String vm, String environment, RestoreDecision.Target t, String message) {
    return new RestoreReport(
        outcome,
        vm,
        environment,
        t == null ? null : t.describe(),
        t == null ? null : t.takenAt(),
        t == null ? null : id(t.takenAt()),
        null,
        null,
        false,
        false,
        message);
  }

  private static String id(Instant at) {
    return at == null ? null : ID.format(at);
  }
}
