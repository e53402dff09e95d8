package dev.ringmaster.driver.spi;

import java.util.List;

/**
 * Everything observed on one hypervisor in one pass, gathered with bulk calls: all networks, all
 * volumes of the storage pools Ringmaster uses, all domains (foreign ones included, marked as
 * such). Immutable.
 */
public record HypervisorObservation(
    String host,
    List<ObservedNetwork> networks,
    List<ObservedVolume> volumes,
    List<ObservedDomain> domains) {
  public HypervisorObservation {
    networks = List.copyOf(networks);
    volumes = List.copyOf(volumes);
    domains = List.copyOf(domains);
  }
}
