package dev.ringmaster.reconciler.review;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.LastApplied;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The live state as it would be had the fleet converged at some commit: every desired resource of
 * that commit observed exactly as desired and owned by Ringmaster, and recorded as last applied.
 * Lets a pull request be planned without access to any hypervisor. Pure.
 */
final class ConvergedObservation {
  private ConvergedObservation() {}

  /**
   * Observes {@code converged} on its hypervisors and on {@code moreHosts} (reachable, empty), so
   * that hypervisors new in the head are not taken for unreachable ones.
   */
  static Observation of(DesiredState converged, Collection<String> moreHosts) {
    TreeSet<String> hosts = new TreeSet<>(converged.hosts());
    hosts.addAll(moreHosts);
    SortedMap<String, HostObservation> observed = new TreeMap<>();
    for (String host : hosts) {
      observed.put(host, new HostObservation.Reachable(host(host, converged)));
    }
    SortedMap<String, GuestObservation> guests = new TreeMap<>();
    for (DesiredResource r : converged.resources().values()) {
      if (r instanceof GuestResource g) {
        guests.put(g.vm(), new GuestObservation(g.vm(), g.configHash(), "", g.accounts()));
      }
    }
    return new Observation(observed, guests);
  }

  /** Every resource of {@code converged} as last applied at {@code commit}. */
  static LastApplied lastApplied(DesiredState converged, String commit) {
    return LastApplied.of(
        converged.resources().values().stream()
            .map(
                r ->
                    new AppliedRecord(
                        r.id(), r.attributes(), r.environment(), commit, Instant.EPOCH))
            .toList());
  }

  private static HypervisorObservation host(String host, DesiredState converged) {
    List<ObservedNetwork> networks = new ArrayList<>();
    List<ObservedVolume> volumes = new ArrayList<>();
    List<ObservedDomain> domains = new ArrayList<>();
    for (DesiredResource r : converged.resources().values()) {
      if (!r.id().host().equals(host)) {
        continue;
      }
      if (r instanceof NetworkResource n) {
        networks.add(new ObservedNetwork(n.name(), n.bridge(), true, n.ownership()));
      } else if (r instanceof VolumeResource v) {
        volumes.add(
            new ObservedVolume(v.pool(), v.name(), v.capacity(), v.pool() + "/" + v.name()));
      } else if (r instanceof DomainResource d) {
        domains.add(domain(d));
      }
    }
    return new HypervisorObservation(host, networks, volumes, domains);
  }

  private static ObservedDomain domain(DomainResource d) {
    return new ObservedDomain(
        d.name(),
        d.uuid(),
        d.running() ? DomainState.RUNNING : DomainState.SHUTOFF,
        d.memory(),
        d.cores(),
        d.disks().stream()
            .map(k -> new ObservedDomain.Disk(k.role().target(), k.volume()))
            .toList(),
        d.nics().stream().map(n -> new ObservedDomain.Nic(n.network(), n.mac())).toList(),
        new Ownership(d.host(), d.environment(), d.specHash()));
  }
}
