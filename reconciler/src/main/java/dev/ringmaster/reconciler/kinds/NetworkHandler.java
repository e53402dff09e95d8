package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.desired.HostsInUse;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.observe.ObservationBuilder;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planned;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiPredicate;

/**
 * libvirt networks, one per hypervisor and network kind, shared by the host's VMs: created before
 * and deleted after the VM chains; a bridge change recreates the network ({@code restart}).
 */
public final class NetworkHandler implements ResourceKindHandler {
  private static final MarkedObjects<ObservedNetwork> NETWORKS =
      new MarkedObjects<>(
          "network",
          HypervisorObservation::network,
          ObservedNetwork::owner,
          ObservedNetwork::attributes);

  @Override
  public ResourceKind kind() {
    return ResourceKind.NETWORK;
  }

  @Override
  public String driverName() {
    return "libvirt";
  }

  @Override
  public Optional<SortedMap<String, String>> live(
      ResourceId id, SortedMap<String, String> lastApplied, Observation observed) {
    return NETWORKS.live(id, observed);
  }

  /** A bridge change recreates the network ({@code restart}); anything else is {@code live}. */
  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    NetworkResource n = (NetworkResource) desired;
    return NETWORKS.plan(
        n,
        observed,
        o -> o.attributes().get("bridge").equals(n.bridge()) ? Impact.LIVE : Impact.RESTART);
  }

  @Override
  public Impact deletionImpact() {
    return Impact.LIVE;
  }

  @Override
  public boolean sharedPerHost() {
    return true;
  }

  @Override
  public void apply(Change change, DriverAccess drivers, Duration shutdownTimeout) {
    HypervisorDriver hypervisor = drivers.hypervisor(change.resource().host());
    if (change.action() == Action.DELETE) {
      hypervisor.deleteNetwork(change.resource().name());
      return;
    }
    NetworkResource n = (NetworkResource) change.desired();
    if (change.action() == Action.UPDATE && change.impact() == Impact.RESTART) {
      hypervisor.deleteNetwork(n.name());
    }
    hypervisor.ensureNetwork(n);
  }

  @Override
  public void observeApplied(DesiredResource desired, ObservationBuilder live) {
    NetworkResource n = (NetworkResource) desired;
    live.network(n.host(), new ObservedNetwork(n.name(), n.bridge(), true, n.ownership()));
  }

  /**
   * Owned networks of a hypervisor that no VM of the fleet is placed on, once no domain that stays
   * uses them.
   */
  @Override
  public List<Change> leftovers(
      DesiredState desired,
      Observation observed,
      LastApplied lastApplied,
      BiPredicate<ResourceId, String> mayTouch) {
    List<Change> out = new ArrayList<>();
    for (HypervisorObservation host : HypervisorLeftovers.reachable(observed)) {
      Set<ObservedDomain> going =
          new HashSet<>(HypervisorLeftovers.removedDomains(host, desired, mayTouch));
      Set<String> inUse = new HashSet<>();
      host.domains().stream()
          .filter(d -> !going.contains(d))
          .forEach(d -> d.nics().forEach(n -> inUse.add(n.network())));
      for (ObservedNetwork n : host.networks()) {
        ResourceId id = ResourceId.network(host.host(), n.name());
        if (Ownership.ownedHere(n.owner(), host.host())
            && !desired.sharedNetworks().contains(id)
            && !desired.resources().containsKey(id)
            && !inUse.contains(n.name())) {
          out.add(
              HypervisorLeftovers.deletion(
                  id, "", n.attributes(), deletionImpact(), "no VM on this hypervisor uses it"));
        }
      }
    }
    return out;
  }

  /** The networks of the hypervisors the environment's VMs are placed on. Pure. */
  @Override
  public List<DesiredResource> derive(Fleet fleet, Environment environment) {
    return Placement.eachVm(fleet, environment, (vm, host) -> networks(host));
  }

  /** The networks of every hypervisor that carries a VM of the fleet, whatever the scope. */
  @Override
  public Set<ResourceId> shared(Fleet fleet) {
    Set<ResourceId> out = new HashSet<>();
    for (String host : HostsInUse.of(fleet)) {
      fleet.hypervisor(host).ifPresent(h -> networks(h).forEach(n -> out.add(n.id())));
    }
    return out;
  }

  private static List<NetworkResource> networks(Hypervisor host) {
    List<NetworkResource> out = new ArrayList<>();
    for (NetworkKind kind : NetworkKind.values()) {
      String bridge = host.bridges() == null ? null : host.bridges().of(kind);
      out.add(
          new NetworkResource(
              host.name(),
              kind,
              NetworkResource.nameFor(host.name(), kind),
              bridge == null ? "" : bridge));
    }
    return out;
  }
}
