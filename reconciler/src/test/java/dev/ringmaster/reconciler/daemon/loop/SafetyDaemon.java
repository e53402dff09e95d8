package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.RepoSettings;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The real daemon core for tests: {@link Daemon} with the real engine ({@link EngineReconciler},
 * RocksDB state store, libvirt driver from the service loader) on a clock the test moves, and a
 * wake-up timer the test fires after moving it. Test helper.
 */
final class SafetyDaemon implements AutoCloseable {
  /** Wake-ups due at an instant of the test's clock, run when the test fires them. */
  static final class ClockTimer implements WorkQueue.Timer {
    private record Entry(Instant at, Runnable task) {}

    private final MutableClock clock;
    private final List<Entry> entries = new ArrayList<>();

    ClockTimer(MutableClock clock) {
      this.clock = clock;
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
      entries.add(new Entry(clock.instant().plus(delay), task));
    }

    /** Runs every wake-up due at the clock's current time. */
    void fireDue() {
      List<Entry> due;
      synchronized (this) {
        due = entries.stream().filter(e -> !e.at().isAfter(clock.instant())).toList();
        entries.removeAll(due);
      }
      due.forEach(e -> e.task().run());
    }
  }

  final Daemon daemon;
  final EngineReconciler reconciler;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ClockTimer timer;

  SafetyDaemon(Path state, TestRemote remote, MutableClock clock, boolean allowDestructive) {
    this(state, remote, clock, allowDestructive, List.of());
  }

  /** With {@code decorators} wrapping the libvirt driver (fault injection). */
  SafetyDaemon(
      Path state,
      TestRemote remote,
      MutableClock clock,
      boolean allowDestructive,
      List<dev.ringmaster.driver.spi.HypervisorDriverDecorator> decorators) {
    this(state, remote, clock, allowDestructive, decorators, 2);
  }

  /** As above, with {@code workers} passes at once (one writer per hypervisor at a time). */
  SafetyDaemon(
      Path state,
      TestRemote remote,
      MutableClock clock,
      boolean allowDestructive,
      List<dev.ringmaster.driver.spi.HypervisorDriverDecorator> decorators,
      int workers) {
    StateStore store = StateStore.open(state.resolve("store"));
    List<dev.ringmaster.driver.spi.HypervisorDriverFactory> factories = new ArrayList<>();
    java.util.ServiceLoader.load(dev.ringmaster.driver.spi.HypervisorDriverFactory.class)
        .forEach(factories::add);
    DriverRegistry drivers = new DriverRegistry(factories, null, decorators);
    RingmasterMetrics metrics = new RingmasterMetrics(registry);
    ReconcilerConfig config =
        ReconcilerConfig.defaults().withClock(clock).withSafety(SafetySettings.defaults());
    reconciler =
        new EngineReconciler(new Reconciler(drivers, store, config), store, drivers, metrics);
    DaemonSettings settings =
        new DaemonSettings(
            Duration.ofHours(1),
            Duration.ofHours(1),
            workers,
            1,
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
            Duration.ofSeconds(60),
            true,
            allowDestructive);
    GitSource source =
        GitSource.open(
            RepoSettings.of(remote.url(), "main", state.resolve("git-mirror.git")), clock);
    timer = new ClockTimer(clock);
    daemon = new Daemon(settings, source, reconciler, metrics, clock, timer);
  }

  /** Passes of {@code environment} so far (every result). */
  long passes(String environment) {
    return (long)
        registry.find(RingmasterMetrics.PASSES).tag("environment", environment).counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  /** Runs {@code action} and waits until {@code environment} passed once more at {@code commit}. */
  EnvironmentState passAfter(String environment, String commit, Runnable action) {
    long before = passes(environment);
    action.run();
    Eventually.until(
        environment + " passed at " + commit,
        () ->
            passes(environment) > before
                && daemon
                    .environment(environment)
                    .map(s -> commit.equals(s.commit()))
                    .orElse(false));
    return daemon.environment(environment).orElseThrow();
  }

  @Override
  public void close() {
    daemon.close();
  }
}
