package dev.ringmaster.reconciler.engine;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Observes hypervisors in parallel (one bulk observe each), then the desired guests. Read-only;
 * thread-safe as far as the registry's drivers are.
 */
public final class Observer {
  private final DriverRegistry drivers;

  public Observer(DriverRegistry drivers) {
    this.drivers = drivers;
  }

  /** Observes {@code hosts}; an unreachable host is recorded as such, never thrown. */
  public Observation observe(List<Hypervisor> hosts, DesiredState desired) {
    List<CompletableFuture<HostObservation>> pending = new ArrayList<>();
    for (Hypervisor h : hosts) {
      pending.add(CompletableFuture.supplyAsync(() -> observeHost(h)));
    }
    SortedMap<String, HostObservation> observed = new TreeMap<>();
    pending.forEach(f -> observed.put(f.join().host(), f.join()));
    return new Observation(observed, observeGuests(desired));
  }

  private HostObservation observeHost(Hypervisor h) {
    try {
      return new HostObservation.Reachable(drivers.driver(h).observe());
    } catch (RingmasterException e) {
      return new HostObservation.Unreachable(h.name(), e.getMessage());
    }
  }

  private SortedMap<String, GuestObservation> observeGuests(DesiredState desired) {
    SortedMap<String, GuestObservation> out = new TreeMap<>();
    GuestDriver guests = drivers.guestDriver().orElse(null);
    if (guests == null) {
      return out;
    }
    for (DesiredResource r : desired.resources().values()) {
      if (r instanceof GuestResource g) {
        try {
          out.put(g.vm(), guests.observe(g.target()));
        } catch (RingmasterException e) {
          continue;
        }
      }
    }
    return out;
  }
}
