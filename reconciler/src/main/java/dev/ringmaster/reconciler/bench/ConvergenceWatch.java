package dev.ringmaster.reconciler.bench;

import dev.ringmaster.reconciler.daemon.loop.DriftView;
import dev.ringmaster.reconciler.daemon.loop.EnvironmentReconciler;
import dev.ringmaster.reconciler.daemon.loop.EventPage;
import dev.ringmaster.reconciler.daemon.loop.LastPlan;
import dev.ringmaster.reconciler.daemon.loop.PassOptions;
import dev.ringmaster.reconciler.daemon.loop.PassResult;
import dev.ringmaster.reconciler.daemon.loop.RepoSnapshot;
import dev.ringmaster.reconciler.plan.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A benchmark's view of passes as they finish: wraps the engine port and remembers, per
 * environment, the commit of its last converged pass ({@code APPLIED} or {@code IN_SYNC}), so the
 * benchmark waits on a signal instead of polling the daemon's status list (which would compete with
 * the passes it measures). Thread-safe.
 */
final class ConvergenceWatch implements EnvironmentReconciler {
  private final EnvironmentReconciler delegate;
  private final Map<String, String> convergedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> lastStart = new ConcurrentHashMap<>();
  private final Map<String, Long> lastEnd = new ConcurrentHashMap<>();
  private final Map<String, Long> passes = new ConcurrentHashMap<>();

  ConvergenceWatch(EnvironmentReconciler delegate) {
    this.delegate = delegate;
  }

  @Override
  public PassResult reconcile(String environment, RepoSnapshot snapshot, PassOptions options) {
    lastStart.put(environment, System.nanoTime());
    PassResult r = delegate.reconcile(environment, snapshot, options);
    lastEnd.put(environment, System.nanoTime());
    if (r.result() == PassResult.Result.APPLIED || r.result() == PassResult.Result.IN_SYNC) {
      convergedAt.put(environment, r.commit() == null ? snapshot.commit() : r.commit());
    } else {
      convergedAt.remove(environment);
    }
    passes.merge(environment, 1L, Long::sum);
    synchronized (this) {
      notifyAll();
    }
    return r;
  }

  /** How many environments converged at {@code commit} so far. */
  long convergedCount(String commit) {
    return convergedAt.values().stream().filter(commit::equals).count();
  }

  /** Passes finished so far, per environment. */
  Map<String, Long> passCounts() {
    return Map.copyOf(passes);
  }

  /** Blocks until every one of {@code environments} finished a pass since {@code before}. */
  synchronized void awaitPassedSince(
      Set<String> environments, Map<String, Long> before, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!environments.stream()
        .allMatch(e -> passes.getOrDefault(e, 0L) > before.getOrDefault(e, 0L))) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("not every environment passed within " + limit);
      }
      wait(Math.max(1, Math.min(1000, left / 1_000_000)));
    }
  }

  /** Blocks until every one of {@code environments} converged at {@code commit}. */
  synchronized void awaitAll(Set<String> environments, String commit, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!environments.stream().allMatch(e -> commit.equals(convergedAt.get(e)))) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("not converged within " + limit);
      }
      wait(Math.max(1, Math.min(1000, left / 1_000_000)));
    }
  }

  /** The {@link System#nanoTime()} at which the last pass of {@code environment} started, or -1. */
  long lastStart(String environment) {
    return lastStart.getOrDefault(environment, -1L);
  }

  /**
   * Blocks until every one of {@code environments} finished a pass (whatever its result) that
   * started at or after {@code since} ({@link System#nanoTime()}).
   */
  synchronized void awaitPassedSince(Set<String> environments, long since, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!environments.stream().allMatch(e -> passedSince(e, since))) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("not every environment passed within " + limit);
      }
      wait(Math.max(1, Math.min(1000, left / 1_000_000)));
    }
  }

  private boolean passedSince(String environment, long since) {
    Long start = lastStart.get(environment);
    Long end = lastEnd.get(environment);
    return start != null && end != null && start - since >= 0 && end - start >= 0;
  }

  @Override
  public boolean boundWritesPerHypervisor(int perHost) {
    return delegate.boundWritesPerHypervisor(perHost);
  }

  @Override
  public Plan plan(String environment, RepoSnapshot snapshot) {
    return delegate.plan(environment, snapshot);
  }

  @Override
  public Optional<LastPlan> lastPlan(String environment) {
    return delegate.lastPlan(environment);
  }

  @Override
  public DriftView drift(RepoSnapshot snapshot) {
    return delegate.drift(snapshot);
  }

  @Override
  public EventPage events(long before, int limit) {
    return delegate.events(before, limit);
  }

  @Override
  public void watchHypervisors(java.util.function.Consumer<String> changed) {
    delegate.watchHypervisors(changed);
  }

  @Override
  public void warmUp() {
    delegate.warmUp();
  }

  @Override
  public Set<String> knownEnvironments() {
    return delegate.knownEnvironments();
  }

  @Override
  public List<String> problems() {
    return delegate.problems();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
