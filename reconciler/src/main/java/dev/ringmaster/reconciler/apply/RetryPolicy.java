package dev.ringmaster.reconciler.apply;

import java.time.Duration;

/**
 * How retryable driver failures are retried: at most {@code attempts} tries in all, waiting {@code
 * initialDelay} after the first failure and doubling up to {@code maxDelay}. Immutable.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {
  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    if (initialDelay == null || maxDelay == null) {
      throw new IllegalArgumentException("delays are required");
    }
  }

  /** Five attempts, 500 ms doubling up to 10 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(10));
  }

  /** One attempt, no retry. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 30);
    long millis = Math.min(initialDelay.toMillis() * factor, maxDelay.toMillis());
    return Duration.ofMillis(Math.max(0, millis));
  }
}
