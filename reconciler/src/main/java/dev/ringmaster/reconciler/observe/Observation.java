package dev.ringmaster.reconciler.observe;

import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.HypervisorObservation;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The live state read fresh in one pass: per hypervisor its observation or why it is unreachable,
 * and per VM name the observation of its guest (absent when not observed). Immutable.
 */
public record Observation(
    SortedMap<String, HostObservation> hosts, SortedMap<String, GuestObservation> guests) {
  public Observation {
    hosts = Collections.unmodifiableSortedMap(new TreeMap<>(hosts));
    guests = Collections.unmodifiableSortedMap(new TreeMap<>(guests));
  }

  /** An observation of reachable hypervisors only, without guests. */
  public static Observation of(List<HypervisorObservation> reachable) {
    SortedMap<String, HostObservation> hosts = new TreeMap<>();
    reachable.forEach(o -> hosts.put(o.host(), new HostObservation.Reachable(o)));
    return new Observation(hosts, new TreeMap<>());
  }

  public Optional<HypervisorObservation> reachable(String host) {
    return hosts.get(host) instanceof HostObservation.Reachable r
        ? Optional.of(r.observation())
        : Optional.empty();
  }

  /** The hosts that could not be observed, with the reason. */
  public SortedMap<String, String> unreachable() {
    SortedMap<String, String> out = new TreeMap<>();
    hosts.values().stream()
        .filter(h -> h instanceof HostObservation.Unreachable)
        .map(h -> (HostObservation.Unreachable) h)
        .forEach(u -> out.put(u.host(), u.reason()));
    return out;
  }

  public Optional<GuestObservation> guest(String vm) {
    return Optional.ofNullable(guests.get(vm));
  }
}
