package dev.ringmaster.reconciler.daemon.loop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A level-based work queue keyed by environment name. Adding a key that is queued does nothing;
 * adding a key whose pass is in flight makes it run once more after that pass. At most one pass per
 * key is in flight, at most {@code workers} in all, and at most {@code perHost} per hypervisor. A
 * failed pass is retried after a capped exponential backoff; a success resets it. Adding a key
 * waiting in backoff runs it now (a new commit must not wait). A task {@linkplain #submit
 * submitted} for a key runs in that key's slot, as a pass would: never beside a pass of the key,
 * ahead of its queued pass. Thread-safe.
 */
public final class WorkQueue {
  private static final Logger LOG = Logger.getLogger(WorkQueue.class);

  /** Runs one pass for a key; returns false (or throws) when the pass failed. */
  @FunctionalInterface
  public interface Worker {
    boolean run(String key) throws Exception;
  }

  /** Runs a task once after a delay. */
  @FunctionalInterface
  public interface Timer {
    void schedule(Duration delay, Runnable task);
  }

  private final Executor executor;
  private final Timer timer;
  private final Backoff backoff;
  private final int workers;
  private final int perHost;
  private final Function<String, Set<String>> hostsOf;
  private final Worker worker;

  private final LinkedHashSet<String> ready = new LinkedHashSet<>();
  private final Set<String> inFlight = new HashSet<>();
  private final Set<String> again = new HashSet<>();
  private final Set<String> waiting = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Integer> hostLoad = new HashMap<>();
  private final Map<String, ArrayDeque<Task>> tasks = new LinkedHashMap<>();
  private boolean closed;

  public WorkQueue(
      Executor executor,
      Timer timer,
      Backoff backoff,
      int workers,
      int perHost,
      Function<String, Set<String>> hostsOf,
      Worker worker) {
    if (workers < 1 || perHost < 1) {
      throw new IllegalArgumentException("workers and perHost must be at least 1");
    }
    this.executor = executor;
    this.timer = timer;
    this.backoff = backoff;
    this.workers = workers;
    this.perHost = perHost;
    this.hostsOf = hostsOf;
    this.worker = worker;
  }

  public synchronized void add(String key) {
    if (closed) {
      return;
    }
    if (inFlight.contains(key)) {
      again.add(key);
      return;
    }
    waiting.remove(key);
    ready.add(key);
    dispatch();
  }

  /**
   * Runs {@code task} in {@code key}'s slot: once no pass (or other task) of the key is in flight,
   * counted against the workers and the key's hypervisors like a pass, before the key's queued
   * pass. A pass of the key added meanwhile runs after it. The future fails with a {@link
   * RejectedExecutionException} when the queue is closed before the task starts.
   */
  public synchronized <T> CompletableFuture<T> submit(String key, Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new RejectedExecutionException("the daemon is shutting down"));
      return result;
    }
    tasks
        .computeIfAbsent(key, k -> new ArrayDeque<>())
        .add(
            new Task(
                () -> {
                  try {
                    result.complete(task.call());
                  } catch (Exception | LinkageError e) {
                    result.completeExceptionally(e);
                  }
                },
                result::completeExceptionally));
    dispatch();
    return result;
  }

  public void addAll(Iterable<String> keys) {
    keys.forEach(this::add);
  }

  /** Keys waiting to run now (not counting passes in flight or waiting in backoff). */
  public synchronized int depth() {
    return ready.size() + again.size();
  }

  public synchronized int inFlight() {
    return inFlight.size();
  }

  /** Keys waiting in backoff after a failure. */
  public synchronized int retrying() {
    return waiting.size();
  }

  public synchronized int failures(String key) {
    return failures.getOrDefault(key, 0);
  }

  private void dispatch() {
    Iterator<Map.Entry<String, ArrayDeque<Task>>> t = tasks.entrySet().iterator();
    while (t.hasNext() && inFlight.size() < workers) {
      Map.Entry<String, ArrayDeque<Task>> e = t.next();
      Set<String> hosts = startable(e.getKey());
      if (hosts != null) {
        Task task = e.getValue().removeFirst();
        if (e.getValue().isEmpty()) {
          t.remove();
        }
        if (!start(e.getKey(), hosts, () -> runTask(e.getKey(), hosts, task))) {
          task.fail().accept(new RejectedExecutionException("the daemon is shutting down"));
        }
      }
    }
    Iterator<String> it = ready.iterator();
    while (it.hasNext() && inFlight.size() < workers) {
      String key = it.next();
      Set<String> hosts = tasks.containsKey(key) ? null : startable(key);
      if (hosts != null) {
        it.remove();
        start(key, hosts, () -> runOne(key, hosts));
      }
    }
  }

  /** The key's hypervisors when it may start now; null when it is in flight or a host is full. */
  private Set<String> startable(String key) {
    if (inFlight.contains(key)) {
      return null;
    }
    Set<String> hosts = Set.copyOf(hostsOf.apply(key));
    return hosts.stream().anyMatch(h -> hostLoad.getOrDefault(h, 0) >= perHost) ? null : hosts;
  }

  private boolean start(String key, Set<String> hosts, Runnable run) {
    inFlight.add(key);
    hosts.forEach(h -> hostLoad.merge(h, 1, Integer::sum));
    try {
      executor.execute(run);
      return true;
    } catch (RejectedExecutionException e) {
      inFlight.remove(key);
      hosts.forEach(h -> hostLoad.merge(h, -1, Integer::sum));
      closed = true;
      return false;
    }
  }

  /** A submitted task and how to fail it when the queue closes first. */
  private record Task(Runnable run, java.util.function.Consumer<Throwable> fail) {}

  private void runTask(String key, Set<String> hosts, Task task) {
    try {
      task.run().run();
    } finally {
      released(key, hosts);
    }
  }

  private synchronized void released(String key, Set<String> hosts) {
    inFlight.remove(key);
    hosts.forEach(h -> hostLoad.merge(h, -1, Integer::sum));
    if (again.remove(key) && !closed) {
      ready.add(key);
    }
    dispatch();
    notifyAll();
  }

  private void runOne(String key, Set<String> hosts) {
    boolean ok;
    try {
      ok = worker.run(key);
    } catch (Exception | LinkageError e) {
      LOG.errorf(e, "pass of %s failed", key);
      ok = false;
    }
    finished(key, hosts, ok);
  }

  private synchronized void finished(String key, Set<String> hosts, boolean ok) {
    inFlight.remove(key);
    hosts.forEach(h -> hostLoad.merge(h, -1, Integer::sum));
    if (ok) {
      failures.remove(key);
    } else {
      int n = failures.merge(key, 1, Integer::sum);
      if (!again.contains(key) && !closed) {
        waiting.add(key);
        timer.schedule(backoff.delay(n), () -> retry(key));
      }
    }
    if (again.remove(key) && !closed) {
      ready.add(key);
    }
    dispatch();
    notifyAll();
  }

  private synchronized void retry(String key) {
    if (waiting.remove(key)) {
      ready.add(key);
      dispatch();
    }
  }

  /**
   * Stops taking work, drops what is queued, and waits up to {@code grace} for the passes in
   * flight. Returns true when none is left in flight.
   */
  public synchronized boolean close(Duration grace) throws InterruptedException {
    closed = true;
    ready.clear();
    again.clear();
    waiting.clear();
    RejectedExecutionException shutdown =
        new RejectedExecutionException("the daemon is shutting down");
    tasks.values().forEach(q -> q.forEach(t -> t.fail().accept(shutdown)));
    tasks.clear();
    long deadline = System.nanoTime() + grace.toNanos();
    while (!inFlight.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
