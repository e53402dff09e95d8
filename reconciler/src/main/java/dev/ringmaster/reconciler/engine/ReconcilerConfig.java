package dev.ringmaster.reconciler.engine;

import dev.ringmaster.reconciler.apply.RetryPolicy;
import dev.ringmaster.reconciler.desired.GuestResourceSource;
import dev.ringmaster.reconciler.gate.SafetySettings;
import java.time.Clock;

/**
 * How the engine runs: where guest configs come from, how many VM chains run at once per
 * hypervisor, how retryable driver failures are retried, the clock every time-dependent decision
 * reads (maintenance windows, grace periods) and the deletion safety settings. Immutable.
 */
public record ReconcilerConfig(
    GuestResourceSource guests,
    int concurrencyPerHost,
    RetryPolicy retry,
    Clock clock,
    SafetySettings safety) {
  public static final int DEFAULT_CONCURRENCY_PER_HOST = 4;

  public ReconcilerConfig {
    guests = guests == null ? GuestResourceSource.NONE : guests;
    retry = retry == null ? RetryPolicy.defaults() : retry;
    clock = clock == null ? Clock.systemUTC() : clock;
    safety = safety == null ? SafetySettings.defaults() : safety;
    if (concurrencyPerHost < 1) {
      throw new IllegalArgumentException("concurrencyPerHost must be at least 1");
    }
  }

  public ReconcilerConfig(GuestResourceSource guests, int concurrencyPerHost, RetryPolicy retry) {
    this(guests, concurrencyPerHost, retry, null, null);
  }

  public static ReconcilerConfig defaults() {
    return new ReconcilerConfig(
        GuestResourceSource.NONE, DEFAULT_CONCURRENCY_PER_HOST, RetryPolicy.defaults());
  }

  public ReconcilerConfig withGuests(GuestResourceSource source) {
    return new ReconcilerConfig(source, concurrencyPerHost, retry, clock, safety);
  }

  public ReconcilerConfig withRetry(RetryPolicy policy) {
    return new ReconcilerConfig(guests, concurrencyPerHost, policy, clock, safety);
  }

  public ReconcilerConfig withClock(Clock newClock) {
    return new ReconcilerConfig(guests, concurrencyPerHost, retry, newClock, safety);
  }

  public ReconcilerConfig withSafety(SafetySettings settings) {
    return new ReconcilerConfig(guests, concurrencyPerHost, retry, clock, settings);
  }
}
