package dev.ringmaster.reconciler.engine;

import dev.ringmaster.reconciler.apply.RetryPolicy;
import dev.ringmaster.reconciler.desired.GuestResourceSource;

/**
 * How the engine runs: where guest configs come from, how many VM chains run at once per
 * hypervisor, and how retryable driver failures are retried. Immutable.
 */
public record ReconcilerConfig(
    GuestResourceSource guests, int concurrencyPerHost, RetryPolicy retry) {
  public static final int DEFAULT_CONCURRENCY_PER_HOST = 4;

  public ReconcilerConfig {
    guests = guests == null ? GuestResourceSource.NONE : guests;
    retry = retry == null ? RetryPolicy.defaults() : retry;
    if (concurrencyPerHost < 1) {
      throw new IllegalArgumentException("concurrencyPerHost must be at least 1");
    }
  }

  public static ReconcilerConfig defaults() {
    return new ReconcilerConfig(
        GuestResourceSource.NONE, DEFAULT_CONCURRENCY_PER_HOST, RetryPolicy.defaults());
  }

  public ReconcilerConfig withGuests(GuestResourceSource source) {
    return new ReconcilerConfig(source, concurrencyPerHost, retry);
  }

  public ReconcilerConfig withRetry(RetryPolicy policy) {
    return new ReconcilerConfig(guests, concurrencyPerHost, policy);
  }
}
