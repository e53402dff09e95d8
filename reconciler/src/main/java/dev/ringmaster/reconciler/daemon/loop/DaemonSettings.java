package dev.ringmaster.reconciler.daemon.loop;

import java.time.Duration;

/**
 * How the daemon schedules work: poll and full-resync intervals, worker pool size, how many passes
 * may write to one hypervisor at once ({@code writersPerHypervisor}; the rest of a pass runs
 * concurrently, bounded by the pool), pass and fetch backoff, shutdown grace, and which impacts
 * passes may apply. Immutable.
 */
public record DaemonSettings(
    Duration pollInterval,
    Duration resyncInterval,
    int workers,
    int writersPerHypervisor,
    Backoff passBackoff,
    Backoff fetchBackoff,
    Duration shutdownGrace,
    boolean allowRestart,
    boolean allowDestructive) {

  public static DaemonSettings defaults() {
    return new DaemonSettings(
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        4,
        1,
        new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5)),
        new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60)),
        Duration.ofSeconds(30),
        false,
        false);
  }
}
