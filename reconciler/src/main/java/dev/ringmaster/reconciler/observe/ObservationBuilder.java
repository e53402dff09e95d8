package dev.ringmaster.reconciler.observe;

import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Assembles an {@link Observation} object by object, for live states that are not read from drivers
 * (a pull-request plan's state as the base commit converged it): kind handlers add what they would
 * observe of their resources. Every host added is reachable. Not thread-safe.
 */
public final class ObservationBuilder {
  private final Map<String, Host> hosts = new TreeMap<>();
  private final SortedMap<String, GuestObservation> guests = new TreeMap<>();
  private final SortedMap<ResourceKind, SortedMap<ResourceId, SortedMap<String, String>>> kinds =
      new TreeMap<>();

  private record Host(
      List<ObservedNetwork> networks, List<ObservedVolume> volumes, List<ObservedDomain> domains) {}

  /** Adds {@code host} as reachable (with nothing on it unless added). */
  public ObservationBuilder host(String host) {
    hosts.computeIfAbsent(
        host, h -> new Host(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    return this;
  }

  public ObservationBuilder network(String host, ObservedNetwork network) {
    host(host);
    hosts.get(host).networks().add(network);
    return this;
  }

  public ObservationBuilder volume(String host, ObservedVolume volume) {
    host(host);
    hosts.get(host).volumes().add(volume);
    return this;
  }

  public ObservationBuilder domain(String host, ObservedDomain domain) {
    host(host);
    hosts.get(host).domains().add(domain);
    return this;
  }

  public ObservationBuilder guest(GuestObservation guest) {
    guests.put(guest.vm(), guest);
    return this;
  }

  /** An object of a kind that observes itself ({@link KindObservation}), with its attributes. */
  public ObservationBuilder object(
      ResourceKind kind, ResourceId id, SortedMap<String, String> attributes) {
    kinds.computeIfAbsent(kind, k -> new TreeMap<>()).put(id, attributes);
    return this;
  }

  public Observation build() {
    SortedMap<String, HostObservation> observed = new TreeMap<>();
    hosts.forEach(
        (name, h) ->
            observed.put(
                name,
                new HostObservation.Reachable(
                    new HypervisorObservation(name, h.networks(), h.volumes(), h.domains()))));
    SortedMap<ResourceKind, KindObservation> own = new TreeMap<>();
    kinds.forEach((kind, objects) -> own.put(kind, new KindObservation(objects, new TreeMap<>())));
    return new Observation(observed, guests, new TreeMap<>(), own);
  }
}
