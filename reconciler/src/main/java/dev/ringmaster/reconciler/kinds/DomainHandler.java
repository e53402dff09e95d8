package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.ObservedDomain;
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
import java.util.TreeMap;

/**
 * libvirt domains: a configuration change of a running domain that stays running is {@code
 * restart}; start and stop are {@code live}. A domain update without a desired resource is a soft
 * delete: the domain is shut down and kept.
 */
public final class DomainHandler implements ResourceKindHandler {
  @Override
  public ResourceKind kind() {
    return ResourceKind.DOMAIN;
  }

  @Override
  public String driverName() {
    return "libvirt";
  }

  @Override
  public Optional<SortedMap<String, String>> live(
      ResourceId id, SortedMap<String, String> lastApplied, Observation observed) {
    return find(id, observed).map(ObservedDomain::attributes);
  }

  private static Optional<ObservedDomain> find(ResourceId id, Observation observed) {
    return observed
        .reachable(id.host())
        .flatMap(h -> h.domains().stream().filter(d -> d.name().equals(id.name())).findFirst());
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    DomainResource d = (DomainResource) desired;
    Optional<ObservedDomain> found = find(d.id(), observed);
    if (found.isEmpty()) {
      return Planned.create(d);
    }
    if (!Ownership.ownedHere(found.get().owner(), d.host())) {
      return Planned.refuse(
          d, "domain " + d.name() + " exists and is not Ringmaster's on this hypervisor");
    }
    return Planned.compare(d, found.get().attributes(), impact(d, found.get()));
  }

  private static Impact impact(DomainResource d, ObservedDomain o) {
    SortedMap<String, String> want = new TreeMap<>(d.attributes());
    SortedMap<String, String> have = new TreeMap<>(o.attributes());
    want.remove("running");
    have.remove("running");
    boolean configChanged = !want.equals(have);
    return configChanged && o.running() && d.running() ? Impact.RESTART : Impact.LIVE;
  }

  @Override
  public void apply(Change change, DriverAccess drivers, Duration shutdownTimeout) {
    HypervisorDriver hypervisor = drivers.hypervisor(change.resource().host());
    if (change.action() == Action.DELETE) {
      hypervisor.deleteDomain(change.resource().name(), shutdownTimeout);
      return;
    }
    if (change.desired() == null) {
      hypervisor.shutdownDomain(change.resource().name(), shutdownTimeout);
      return;
    }
    DomainResource d = (DomainResource) change.desired();
    if (change.impact() == Impact.RESTART) {
      hypervisor.shutdownDomain(d.name(), shutdownTimeout);
    }
    hypervisor.defineDomain(d);
    if (d.running()) {
      hypervisor.startDomain(d.name());
    } else if ("true".equals(change.before().get("running"))) {
      hypervisor.shutdownDomain(d.name(), shutdownTimeout);
    }
  }

  @Override
  public boolean partOfVm() {
    return true;
  }

  @Override
  public boolean standsForVm() {
    return true;
  }

  /** A removed VM's domain is shut down and kept (an update without a desired resource). */
  @Override
  public Optional<Change> softDeleted(Change deletion, String reason) {
    TreeMap<String, String> after = new TreeMap<>(deletion.before());
    after.put("running", "false");
    return Optional.of(
        new Change(
            deletion.resource(),
            deletion.environment(),
            Action.UPDATE,
            Impact.LIVE,
            deletion.before(),
            after,
            null,
            reason));
  }

  @Override
  public void observeApplied(DesiredResource desired, ObservationBuilder live) {
    DomainResource d = (DomainResource) desired;
    live.domain(
        d.host(),
        new ObservedDomain(
            d.name(),
            d.uuid(),
            d.running() ? DomainState.RUNNING : DomainState.SHUTOFF,
            d.memory(),
            d.cores(),
            d.disks().stream()
                .map(k -> new ObservedDomain.Disk(k.role().target(), k.volume()))
                .toList(),
            d.nics().stream().map(n -> new ObservedDomain.Nic(n.network(), n.mac())).toList(),
            new Ownership(d.host(), d.environment(), d.specHash())));
  }
}
