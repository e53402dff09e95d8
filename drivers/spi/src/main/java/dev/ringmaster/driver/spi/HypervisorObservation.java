package dev.ringmaster.driver.spi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything observed on one hypervisor in one pass, gathered with bulk calls: all networks, all
 * volumes of the storage pools Ringmaster uses, all domains (foreign ones included, marked as
 * such). Immutable; lookups by name are indexed (a host carries thousands of volumes and every
 * desired one is looked up in each pass).
 */
public final class HypervisorObservation {
  private final String host;
  private final List<ObservedNetwork> networks;
  private final List<ObservedVolume> volumes;
  private final List<ObservedDomain> domains;
  private volatile Index index;

  public HypervisorObservation(
      String host,
      List<ObservedNetwork> networks,
      List<ObservedVolume> volumes,
      List<ObservedDomain> domains) {
    this.host = host;
    this.networks = List.copyOf(networks);
    this.volumes = List.copyOf(volumes);
    this.domains = List.copyOf(domains);
  }

  public String host() {
    return host;
  }

  public List<ObservedNetwork> networks() {
    return networks;
  }

  public List<ObservedVolume> volumes() {
    return volumes;
  }

  public List<ObservedDomain> domains() {
    return domains;
  }

  /** The volume {@code name} in {@code pool}, if observed. */
  public Optional<ObservedVolume> volume(String pool, String name) {
    if (pool == null || name == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(index().volumes.get(pool + "/" + name));
  }

  /** The volumes named {@code name}, in any pool. */
  public List<ObservedVolume> volumesNamed(String name) {
    return index().volumesByName.getOrDefault(name, List.of());
  }

  /** The domain named {@code name}, if observed (domain names are unique on a host). */
  public Optional<ObservedDomain> domain(String name) {
    return Optional.ofNullable(index().domains.get(name));
  }

  /** The domains whose mark names {@code environment} as their owner, in observed order. */
  public List<ObservedDomain> domainsOwnedBy(String environment) {
    return index().domainsByOwner.getOrDefault(environment, List.of());
  }

  /** The network named {@code name}, if observed. */
  public Optional<ObservedNetwork> network(String name) {
    return Optional.ofNullable(index().networks.get(name));
  }

  private Index index() {
    Index i = index;
    if (i == null) {
      i = new Index(networks, volumes, domains);
      index = i; // a race builds the same index twice, harmlessly
    }
    return i;
  }

  private static final class Index {
    final Map<String, ObservedVolume> volumes = new HashMap<>();
    final Map<String, List<ObservedVolume>> volumesByName = new HashMap<>();
    final Map<String, ObservedDomain> domains = new HashMap<>();
    final Map<String, List<ObservedDomain>> domainsByOwner = new HashMap<>();
    final Map<String, ObservedNetwork> networks = new HashMap<>();

    Index(
        List<ObservedNetwork> networks,
        List<ObservedVolume> volumes,
        List<ObservedDomain> domains) {
      for (ObservedNetwork n : networks) {
        this.networks.putIfAbsent(n.name(), n);
      }
      for (ObservedVolume v : volumes) {
        this.volumes.putIfAbsent(v.pool() + "/" + v.name(), v);
        volumesByName.computeIfAbsent(v.name(), n -> new java.util.ArrayList<>()).add(v);
      }
      volumesByName.replaceAll((n, l) -> List.copyOf(l));
      for (ObservedDomain d : domains) {
        this.domains.putIfAbsent(d.name(), d);
        if (d.owner() != null) {
          domainsByOwner
              .computeIfAbsent(d.owner().environment(), e -> new java.util.ArrayList<>())
              .add(d);
        }
      }
      domainsByOwner.replaceAll((e, l) -> List.copyOf(l));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HypervisorObservation h
        && host.equals(h.host)
        && networks.equals(h.networks)
        && volumes.equals(h.volumes)
        && domains.equals(h.domains);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, networks, volumes, domains);
  }

  @Override
  public String toString() {
    return "HypervisorObservation[host="
        + host
        + ", networks="
        + networks
        + ", volumes="
        + volumes
        + ", domains="
        + domains
        + "]";
  }
}
