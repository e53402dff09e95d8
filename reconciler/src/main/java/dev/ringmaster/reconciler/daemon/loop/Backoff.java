package dev.ringmaster.reconciler.daemon.loop;

import java.time.Duration;

/**
 * Capped exponential backoff: {@code base * 2^(failures-1)}, never more than {@code cap}.
 * Immutable.
 */
public record Backoff(Duration base, Duration cap) {
  public Backoff {
    if (base == null
        || cap == null
        || base.isNegative()
        || base.isZero()
        || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap");
    }
  }

  /** The delay before the next attempt after {@code failures} consecutive failures (>= 1). */
  public Duration delay(int failures) {
    int shift = Math.max(0, Math.min(failures - 1, 30));
    Duration delay = base.multipliedBy(1L << shift);
    return delay.compareTo(cap) > 0 ? cap : delay;
  }
}
