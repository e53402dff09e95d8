package dev.ringmaster.reconciler.observe;

import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ResourceKind;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The live state read fresh in one pass: per hypervisor its observation or why it is unreachable,
 * per VM name the observation of its guest (absent when not observed), and per VM name why its
 * guest could not be observed, and per kind what its own handler observed (kinds outside
 * hypervisors). Immutable.
 *
 * @param unreachableGuests VM name to the reason its guest could not be observed (its domain runs)
 */
public record Observation(
    SortedMap<String, HostObservation> hosts,
    SortedMap<String, GuestObservation> guests,
    SortedMap<String, String> unreachableGuests,
    SortedMap<ResourceKind, KindObservation> kinds) {
  public Observation {
    hosts = Collections.unmodifiableSortedMap(new TreeMap<>(hosts));
    guests = Collections.unmodifiableSortedMap(new TreeMap<>(guests));
    unreachableGuests = Collections.unmodifiableSortedMap(new TreeMap<>(unreachableGuests));
    kinds = Collections.unmodifiableSortedMap(new TreeMap<>(kinds));
  }

  /** An observation of hypervisors and guests only. */
  public Observation(
      SortedMap<String, HostObservation> hosts,
      SortedMap<String, GuestObservation> guests,
      SortedMap<String, String> unreachableGuests) {
    this(hosts, guests, unreachableGuests, new TreeMap<>());
  }

  /** This observation with {@code kinds} added (kinds observed by their own handlers). */
  public Observation withKinds(SortedMap<ResourceKind, KindObservation> added) {
    SortedMap<ResourceKind, KindObservation> all = new TreeMap<>(kinds);
    all.putAll(added);
    return new Observation(hosts, guests, unreachableGuests, all);
  }

  /** What the handler of {@code kind} observed itself; empty for hypervisor and guest kinds. */
  public Optional<KindObservation> of(ResourceKind kind) {
    return Optional.ofNullable(kinds.get(kind));
  }

  /** An observation in which every guest that was tried answered. */
  public Observation(
      SortedMap<String, HostObservation> hosts, SortedMap<String, GuestObservation> guests) {
    this(hosts, guests, new TreeMap<>());
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

  /** Why the guest of {@code vm} could not be observed; empty when it was, or was not tried. */
  public Optional<String> guestUnreachable(String vm) {
    return Optional.ofNullable(unreachableGuests.get(vm));
  }
}
