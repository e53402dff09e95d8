package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.observe.ObservationBuilder;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planned;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;

/**
 * libvirt networks, one per hypervisor and network kind, shared by the host's VMs: created before
 * and deleted after the VM chains; a bridge change recreates the network ({@code restart}).
 */
public final class NetworkHandler implements ResourceKindHandler {
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
    return find(id, observed).map(ObservedNetwork::attributes);
  }

  private static Optional<ObservedNetwork> find(ResourceId id, Observation observed) {
    return observed
        .reachable(id.host())
        .flatMap(h -> h.networks().stream().filter(n -> n.name().equals(id.name())).findFirst());
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    NetworkResource n = (NetworkResource) desired;
    Optional<ObservedNetwork> found = find(n.id(), observed);
    if (found.isEmpty()) {
      return Planned.create(n);
    }
    if (!Ownership.ownedHere(found.get().owner(), n.host())) {
      return Planned.refuse(
          n, "network " + n.name() + " exists and is not Ringmaster's on this hypervisor");
    }
    SortedMap<String, String> before = found.get().attributes();
    Impact impact = before.get("bridge").equals(n.bridge()) ? Impact.LIVE : Impact.RESTART;
    return Planned.compare(n, before, impact);
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
}
