package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.desired.DesiredState;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * libvirt domains: a configuration change of a running domain that stays running is {@code
 * restart}; start and stop are {@code live}. A domain update without a desired resource is a soft
 * delete: the domain is shut down and kept.
 */
public final class DomainHandler implements ResourceKindHandler {
  private static final MarkedObjects<ObservedDomain> DOMAINS =
      new MarkedObjects<>(
          "domain",
          HypervisorObservation::domain,
          ObservedDomain::owner,
          ObservedDomain::attributes);

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
    return DOMAINS.live(id, observed);
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    DomainResource d = (DomainResource) desired;
    return DOMAINS.plan(d, observed, o -> impact(d, o));
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

  /** Owned domains of this host that are no longer desired. */
  @Override
  public List<Change> leftovers(
      DesiredState desired,
      Observation observed,
      LastApplied lastApplied,
      BiPredicate<ResourceId, String> mayTouch) {
    List<Change> out = new ArrayList<>();
    for (HypervisorObservation host : HypervisorLeftovers.reachable(observed)) {
      for (ObservedDomain d : HypervisorLeftovers.removedDomains(host, desired, mayTouch)) {
        out.add(
            HypervisorLeftovers.deletion(
                ResourceId.domain(host.host(), d.name()),
                d.owner().environment(),
                d.attributes(),
                deletionImpact(),
                "owned domain no longer in the fleet"));
      }
    }
    return out;
  }

  /** One domain per VM, carrying the hash of its canonical definition. Pure. */
  @Override
  public List<DesiredResource> derive(Fleet fleet, Environment environment) {
    return Placement.eachVm(
        fleet, environment, (vm, host) -> List.of(domain(environment, vm, host)));
  }

  private static DomainResource domain(Environment env, VmSpec vm, Hypervisor host) {
    List<DomainResource.Disk> disks = new ArrayList<>();
    for (DiskRole role : DiskRole.values()) {
      disks.add(new DomainResource.Disk(role, host.storagePool(), role.volumeName(vm.name())));
    }
    List<DomainResource.Nic> nics = new ArrayList<>();
    for (NetworkKind kind : NetworkKind.values()) {
      NetworkSpec spec = env.networks().get(kind);
      nics.add(
          new DomainResource.Nic(
              kind,
              NetworkResource.nameFor(host.name(), kind),
              Derived.mac(vm.name(), spec == null ? 0 : spec.vlan())));
    }
    DomainResource unhashed =
        new DomainResource(
            host.name(),
            vm.name(),
            Derived.uuid("domain", vm.name()),
            env.name(),
            vm.memory(),
            vm.cores(),
            disks,
            nics,
            vm.online(),
            "");
    return withHash(unhashed);
  }

  private static DomainResource withHash(DomainResource d) {
    StringBuilder canonical = new StringBuilder();
    canonical.append("host=").append(d.host()).append('\n');
    canonical.append("name=").append(d.name()).append('\n');
    canonical.append("uuid=").append(d.uuid()).append('\n');
    canonical.append("environment=").append(d.environment()).append('\n');
    for (Map.Entry<String, String> e : d.attributes().entrySet()) {
      canonical.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    return new DomainResource(
        d.host(),
        d.name(),
        d.uuid(),
        d.environment(),
        d.memory(),
        d.cores(),
        d.disks(),
        d.nics(),
        d.running(),
        Derived.sha256Hex(canonical.toString()));
  }
}
