package dev.ringmaster.reconciler.daemon.loop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every metric the daemon exports, named in one place. Prometheus renders the dotted names with
 * underscores (and {@code _total} / {@code _seconds} suffixes). Thread-safe.
 */
public final class RingmasterMetrics {
  public static final String PASSES = "ringmaster.passes";
  public static final String PASS_DURATION = "ringmaster.pass.duration";
  public static final String RESOURCES_DRIFTED = "ringmaster.resources.drifted";
  public static final String CHANGES_APPLIED = "ringmaster.changes.applied";
  public static final String GIT_FETCHES = "ringmaster.git.fetches";
  public static final String APPLIED_COMMIT_AGE = "ringmaster.applied.commit.age.seconds";
  public static final String DRIVER_CALL_DURATION = "ringmaster.driver.call.duration";
  public static final String QUEUE_DEPTH = "ringmaster.queue.depth";
  public static final String PASSES_IN_FLIGHT = "ringmaster.passes.in.flight";

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> drifted = new ConcurrentHashMap<>();

  public RingmasterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void pass(String environment, PassResult.Result result, Duration duration) {
    Counter.builder(PASSES)
        .description("Reconcile passes by environment and result")
        .tag("environment", environment)
        .tag("result", result.key())
        .register(registry)
        .increment();
    Timer.builder(PASS_DURATION)
        .description("Duration of reconcile passes")
        .tag("environment", environment)
        .register(registry)
        .record(duration);
  }

  public void drifted(String environment, int resources) {
    drifted
        .computeIfAbsent(
            environment,
            env -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder(RESOURCES_DRIFTED, value, AtomicLong::get)
                  .description("Resources whose live state departs from the last applied one")
                  .tag("environment", env)
                  .register(registry);
              return value;
            })
        .set(resources);
  }

  public void applied(String impact, int count) {
    Counter.builder(CHANGES_APPLIED)
        .description("Changes applied by impact")
        .tag("impact", impact)
        .register(registry)
        .increment(count);
  }

  public void fetch(boolean success) {
    Counter.builder(GIT_FETCHES)
        .description("Git fetches by result")
        .tag("result", success ? "success" : "failure")
        .register(registry)
        .increment();
  }

  public void driverCall(String driver, String operation, Duration duration) {
    Timer.builder(DRIVER_CALL_DURATION)
        .description("Duration of calls to hypervisor and guest drivers")
        .tag("driver", driver)
        .tag("operation", operation)
        .register(registry)
        .record(duration);
  }

  /** Registers the gauges read from the daemon: queue depth, passes in flight, commit age. */
  public void watch(
      Supplier<Number> queueDepth, Supplier<Number> inFlight, Supplier<Number> commitAge) {
    Gauge.builder(QUEUE_DEPTH, queueDepth, s -> s.get().doubleValue())
        .description("Environments waiting for a pass")
        .strongReference(true)
        .register(registry);
    Gauge.builder(PASSES_IN_FLIGHT, inFlight, s -> s.get().doubleValue())
        .description("Passes running now")
        .strongReference(true)
        .register(registry);
    Gauge.builder(APPLIED_COMMIT_AGE, commitAge, s -> s.get().doubleValue())
        .description("Seconds since the commit in force was committed")
        .strongReference(true)
        .register(registry);
  }
}
