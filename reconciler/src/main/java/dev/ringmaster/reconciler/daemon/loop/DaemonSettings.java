package dev.ringmaster.reconciler.daemon.loop;

import java.time.Duration;

/**
 * How the daemon schedules work: poll and full-resync intervals, worker pool size, per-hypervisor
 * pass limit, pass and fetch backoff, shutdown grace, and which impacts passes may apply.
 * Immutable.
 */
public record DaemonSettings(
    Duration pollInterval,
    Duration resyncInterval,
    int workers,
    int perHypervisor,
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
