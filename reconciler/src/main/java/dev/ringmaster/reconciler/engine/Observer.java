package dev.ringmaster.reconciler.engine;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.KindObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Observes hypervisors in parallel (one bulk observe each), then the desired guests whose domain
 * runs, {@value #GUEST_CONCURRENCY} at a time; a guest that fails is recorded as unreachable.
 * Read-only; thread-safe as far as the registry's drivers are.
 */
public final class Observer {
  /** Guests observed at once: one unreachable guest costs a connect timeout, not all of them. */
  static final int GUEST_CONCURRENCY = 8;

  private final DriverRegistry drivers;

  public Observer(DriverRegistry drivers) {
    this.drivers = drivers;
  }

  /**
   * Threads observing hypervisors side by side, kept between passes (the common fork-join pool
   * starts a new thread per task on a machine with two cores).
   */
  private static final ExecutorService HOSTS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ringmaster-observe");
            t.setDaemon(true);
            return t;
          });

  /** Observes {@code hosts} now; an unreachable host is recorded as such, never thrown. */
  public Observation observe(List<Hypervisor> hosts, DesiredState desired) {
    return observe(hosts, desired, System.nanoTime());
  }

  /**
   * Observes {@code hosts} fresh as of {@code freshAsOfNanos} (see {@link
   * dev.ringmaster.driver.spi.HypervisorDriver#observe(long)}); one host is observed on the calling
   * thread, several side by side.
   */
  public Observation observe(List<Hypervisor> hosts, DesiredState desired, long freshAsOfNanos) {
    SortedMap<String, HostObservation> observed = new TreeMap<>();
    if (hosts.size() == 1) {
      HostObservation o = observeHost(hosts.get(0), freshAsOfNanos);
      observed.put(o.host(), o);
    } else {
      List<CompletableFuture<HostObservation>> pending = new ArrayList<>();
      for (Hypervisor h : hosts) {
        pending.add(CompletableFuture.supplyAsync(() -> observeHost(h, freshAsOfNanos), HOSTS));
      }
      pending.forEach(f -> observed.put(f.join().host(), f.join()));
    }
    return withKinds(withGuests(observed, desired), desired);
  }

  /** Adds what kinds outside hypervisors (DNS) observe through their own handlers. */
  private Observation withKinds(Observation base, DesiredState desired) {
    SortedMap<ResourceKind, KindObservation> kinds = new TreeMap<>();
    for (ResourceKindHandler h : ResourceKinds.installed().all()) {
      h.observe(desired, drivers.access()).ifPresent(o -> kinds.put(h.kind(), o));
    }
    return kinds.isEmpty() ? base : base.withKinds(kinds);
  }

  private HostObservation observeHost(Hypervisor h, long freshAsOfNanos) {
    try {
      return new HostObservation.Reachable(drivers.driver(h).observe(freshAsOfNanos));
    } catch (RingmasterException e) {
      return new HostObservation.Unreachable(h.name(), e.getMessage());
    }
  }

  private Observation withGuests(SortedMap<String, HostObservation> hosts, DesiredState desired) {
    GuestDriver guests = drivers.guestDriver().orElse(null);
    List<GuestResource> wanted = guests == null ? List.of() : runningGuests(hosts, desired);
    SortedMap<String, GuestObservation> seen = new TreeMap<>();
    SortedMap<String, String> unreachable = new TreeMap<>();
    if (wanted.isEmpty()) {
      return new Observation(hosts, seen, unreachable);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(GUEST_CONCURRENCY, wanted.size()));
    try {
      Map<String, Future<GuestObservation>> pending = new LinkedHashMap<>();
      wanted.forEach(g -> pending.put(g.vm(), pool.submit(() -> guests.observe(g.target()))));
      pending.forEach((vm, f) -> collect(vm, f, seen, unreachable));
    } finally {
      pool.shutdownNow();
    }
    return new Observation(hosts, seen, unreachable);
  }

  /** The desired guests whose domain is observed running: the others cannot answer yet. */
  private static List<GuestResource> runningGuests(
      SortedMap<String, HostObservation> hosts, DesiredState desired) {
    List<GuestResource> out = new ArrayList<>();
    for (DesiredResource r : desired.resources().values()) {
      if (r instanceof GuestResource g
          && hosts.get(g.host()) instanceof HostObservation.Reachable h
          && h.observation().domain(g.vm()).filter(d -> d.running()).isPresent()) {
        out.add(g);
      }
    }
    return out;
  }

  private static void collect(
      String vm,
      Future<GuestObservation> f,
      SortedMap<String, GuestObservation> seen,
      SortedMap<String, String> unreachable) {
    try {
      seen.put(vm, f.get());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      unreachable.put(
          vm, cause instanceof RingmasterException ? cause.getMessage() : String.valueOf(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RingmasterException("observation interrupted", e);
    }
  }
}
