package dev.ringmaster.reconciler.daemon.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds how many passes write to one hypervisor at once, while their loading, observation,
 * planning and gating run concurrently. A pass takes the permits of every host it writes to in name
 * order (so two passes spanning the same hosts cannot each hold one and wait for the other) and
 * gives them back when its apply phase ends. Fair: waiting passes get permits in arrival order.
 */
public final class HostWritePermits {
  private final int perHost;
  private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();
  private final Map<String, Long> generations = new ConcurrentHashMap<>();

  /** {@code perHost}: passes writing to one hypervisor at once (at least 1). */
  public HostWritePermits(int perHost) {
    if (perHost < 1) {
      throw new IllegalArgumentException("perHost must be at least 1");
    }
    this.perHost = perHost;
  }

  /**
   * How many apply phases have ended per host so far. A pass takes this before it plans; if a host
   * it is about to write to has moved on when it holds the permits, another pass wrote there since
   * it planned, and it plans again.
   */
  public Map<String, Long> generations() {
    return Map.copyOf(generations);
  }

  /** Whether any host in {@code names} saw an apply phase end since {@code seen} was taken. */
  public boolean movedOn(Map<String, Long> seen, Set<String> names) {
    for (String name : names) {
      if (!generations.getOrDefault(name, 0L).equals(seen.getOrDefault(name, 0L))) {
        return true;
      }
    }
    return false;
  }

  /** Blocks until this pass may write to every host in {@code names}; close to give them back. */
  public Held acquire(Set<String> names) throws InterruptedException {
    List<Semaphore> taken = new ArrayList<>();
    try {
      for (String name : new TreeSet<>(names)) {
        Semaphore s = hosts.computeIfAbsent(name, n -> new Semaphore(perHost, true));
        s.acquire();
        taken.add(s);
      }
    } catch (InterruptedException e) {
      taken.forEach(Semaphore::release);
      throw e;
    }
    return new Held(taken, new TreeSet<>(names));
  }

  /** Permits held by one pass; closing them counts as an apply phase ended on their hosts. */
  public final class Held implements AutoCloseable {
    private final List<Semaphore> taken;
    private final Set<String> names;
    private boolean released;

    private Held(List<Semaphore> taken, Set<String> names) {
      this.taken = taken;
      this.names = names;
    }

    /** Gives the permits back without counting a write (the pass plans again first). */
    public void abandon() {
      if (!released) {
        released = true;
        taken.forEach(Semaphore::release);
      }
    }

    @Override
    public void close() {
      if (!released) {
        names.forEach(n -> generations.merge(n, 1L, Long::sum));
        abandon();
      }
    }
  }
}
