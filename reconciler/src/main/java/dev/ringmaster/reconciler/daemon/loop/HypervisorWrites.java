package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the passes that write to one hypervisor at a time: a pass plans without a permit, and
 * takes one for every hypervisor its plan changes before it plans again and applies. Permits of
 * several hypervisors are taken in name order, so two passes never wait for each other. Fair: the
 * longest waiting pass gets the next permit. Thread-safe.
 */
public final class HypervisorWrites {
  private final int writers;
  private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();

  /** {@code writers}: passes writing to one hypervisor at once, at least 1. */
  public HypervisorWrites(int writers) {
    if (writers < 1) {
      throw new IllegalArgumentException("writers per hypervisor must be at least 1");
    }
    this.writers = writers;
  }

  public int writers() {
    return writers;
  }

  /** The hypervisors (resource hosts) whose objects {@code plan} would create, change or delete. */
  public static SortedSet<String> hostsWritten(Plan plan) {
    SortedSet<String> hosts = new TreeSet<>();
    for (Change c : plan.changes()) {
      if (c.action() != Action.NO_OP) {
        hosts.add(c.resource().host());
      }
    }
    return hosts;
  }

  /**
   * Blocks until this thread holds a write permit of every host in {@code hosts}; the returned
   * permit releases them all on {@link Permit#close()}.
   */
  public Permit acquire(SortedSet<String> hosts) throws InterruptedException {
    List<Semaphore> held = new ArrayList<>();
    try {
      for (String host : hosts) {
        Semaphore s = permits.computeIfAbsent(host, h -> new Semaphore(writers, true));
        s.acquire();
        held.add(s);
      }
    } catch (InterruptedException e) {
      held.forEach(Semaphore::release);
      throw e;
    }
    return new Permit(held);
  }

  /** Write permits held by one pass. */
  public static final class Permit implements AutoCloseable {
    private final List<Semaphore> held;
    private boolean closed;

    private Permit(List<Semaphore> held) {
      this.held = held;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        held.forEach(Semaphore::release);
      }
    }
  }
}
