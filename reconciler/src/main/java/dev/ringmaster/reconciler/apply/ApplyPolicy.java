package dev.ringmaster.reconciler.apply;

import dev.ringmaster.reconciler.plan.Impact;
import java.time.Duration;

/**
 * Which impacts an apply may cause: {@code live} changes always; {@code restart} changes only with
 * {@code allowRestart}; {@code destructive} ones only with {@code allowDestroy}. {@code
 * shutdownTimeout} bounds each graceful shutdown before the domain is destroyed. Immutable.
 */
public record ApplyPolicy(boolean allowRestart, boolean allowDestroy, Duration shutdownTimeout) {
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMinutes(2);

  public ApplyPolicy {
    shutdownTimeout = shutdownTimeout == null ? DEFAULT_SHUTDOWN_TIMEOUT : shutdownTimeout;
  }

  /** Live changes only. */
  public static ApplyPolicy liveOnly() {
    return new ApplyPolicy(false, false, DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /** The command-line flag that would allow {@code impact}; empty when it is allowed. */
  public String flagNeededFor(Impact impact) {
    return switch (impact) {
      case LIVE -> "";
      case RESTART -> allowRestart ? "" : "--allow-restart";
      case DESTRUCTIVE -> allowDestroy ? "" : "--allow-destroy";
    };
  }
}
