package dev.ringmaster.reconciler.backup;

import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.RestoreDriver;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.kinds.BackupKeepMarks;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Carries out a {@link RestoreDecision.Ready} restore: journals the intent, shuts the VM off, keeps
 * its current root disk as a pre-restore backup (marked to be kept for the purge period), writes
 * the chosen backup over the root disk through the driver's staged copy, starts the VM again if it
 * was running, and journals the outcome. Blocking.
 */
public final class Restorer {
  /** The result: the pre-restore backup's time (null when the root disk was already gone). */
  public record Result(Instant preRestoreBackup, boolean started) {
    /** The sentence telling a user what a finished restore of {@code vm} from {@code from} did. */
    public String describe(String vm, Instant from) {
      return "restored "
          + vm
          + " from backup "
          + from
          + (preRestoreBackup == null ? "" : "; pre-restore backup " + preRestoreBackup)
          + (started ? "; started again" : "");
    }
  }

  private final StateStore store;
  private final Duration shutdownTimeout;
  private final Consumer<String> progress;
  private final Duration purge = BackupKeepMarks.purgePeriod();

  public Restorer(StateStore store, Duration shutdownTimeout, Consumer<String> progress) {
    this.store = store;
    this.shutdownTimeout = shutdownTimeout;
    this.progress = progress;
  }

  /** Runs the restore on {@code driver}, the target's hypervisor; throws on failure. */
  public Result run(
      RestoreDecision.Ready ready, HypervisorDriver driver, String commit, Instant now) {
    return run(ready, driver, commit, now, null);
  }

  /**
   * As {@link #run(RestoreDecision.Ready, HypervisorDriver, String, Instant)}; {@code by}
   * (nullable) names who asked, for the journal.
   */
  public Result run(
      RestoreDecision.Ready ready, HypervisorDriver driver, String commit, Instant now, String by) {
    RestoreDecision.Target t = ready.target();
    BackupDriver backups = capability(driver.backups(), t, "take backups");
    RestoreDriver restores = capability(driver.restores(), t, "restore backups");
    String resource = "backup/" + t.host() + "/" + t.vm();
    JournalEntry intent =
        store.append(
            new JournalEntry(
                0,
                "restore-" + UUID.randomUUID(),
                commit,
                t.environment(),
                resource,
                Action.UPDATE,
                Impact.DESTRUCTIVE,
                JournalEntry.Phase.INTENT,
                null,
                t.describe()
                    + (ready.forced() ? "; forced outside the maintenance window (--force)" : "")
                    + (by == null ? "" : "; requested by " + by),
                0,
                now));
    long started = System.nanoTime();
    try {
      Result result = restore(t, driver, backups, restores, commit, now);
      store.append(
          intent.outcome(
              JournalEntry.Outcome.OK,
              "restored from "
                  + t.takenAt()
                  + (result.preRestoreBackup() == null
                      ? "; no pre-restore backup (the root disk was already replaced)"
                      : "; pre-restore backup "
                          + result.preRestoreBackup()
                          + ", kept until "
                          + result.preRestoreBackup().plus(purge)),
              Duration.ofNanos(System.nanoTime() - started).toMillis()));
      return result;
    } catch (DriverException e) {
      store.append(
          intent.outcome(
              JournalEntry.Outcome.FAILED,
              e.getMessage(),
              Duration.ofNanos(System.nanoTime() - started).toMillis()));
      throw e;
    }
  }

  private Result restore(
      RestoreDecision.Target t,
      HypervisorDriver driver,
      BackupDriver backups,
      RestoreDriver restores,
      String commit,
      Instant now) {
    HypervisorObservation seen = driver.observe();
    boolean running = seen.domain(t.vm()).map(d -> d.state() == DomainState.RUNNING).orElse(false);
    if (running) {
      progress.accept("shutting " + t.vm() + " down");
      driver.shutdownDomain(t.vm(), shutdownTimeout);
    }
    Instant kept = null;
    if (seen.volume(t.rootPool(), t.rootVolume()).isPresent()) {
      progress.accept("keeping the current root disk as a pre-restore backup");
      ObservedBackup pre = backups.take(t.pool(), t.vm(), t.rootPool(), t.rootVolume(), now);
      kept = pre.takenAt();
      markKept(t, kept, commit, now);
    }
    progress.accept("writing backup " + t.takenAt() + " over " + t.rootVolume());
    restores.restoreRoot(t.pool(), t.vm(), t.takenAt(), t.rootPool(), t.rootVolume());
    if (running) {
      progress.accept("starting " + t.vm());
      driver.startDomain(t.vm());
    }
    return new Result(kept, running);
  }

  /**
   * Marks the pre-restore backup to be kept for the purge period (the marks live in the
   * last-applied record of the VM's backup resource; {@link BackupKeepMarks}).
   */
  private void markKept(RestoreDecision.Target t, Instant taken, String commit, Instant now) {
    ResourceId id = BackupKeepMarks.resource(t.host(), t.vm());
    Optional<AppliedRecord> last = store.lastApplied(r -> r.resource().equals(id)).get(id);
    store.putApplied(
        new AppliedRecord(
            id,
            BackupKeepMarks.add(
                last.map(AppliedRecord::attributes).orElse(new java.util.TreeMap<>()),
                taken,
                taken.plus(purge)),
            t.environment(),
            last.map(AppliedRecord::commit).orElse(commit),
            last.map(AppliedRecord::appliedAt).orElse(now)));
  }

  private static <T> T capability(Optional<T> c, RestoreDecision.Target t, String what) {
    return c.orElseThrow(
        () -> new RingmasterException("the driver of hypervisor " + t.host() + " cannot " + what));
  }
}
