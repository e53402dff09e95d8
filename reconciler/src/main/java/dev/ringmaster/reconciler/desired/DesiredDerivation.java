package dev.ringmaster.reconciler.desired;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Derives the desired resources of a fleet by the platform rules. */
final class DesiredDerivation {
  private final Fleet fleet;
  private final GuestResourceSource guests;

  DesiredDerivation(Fleet fleet, GuestResourceSource guests) {
    this.fleet = fleet;
    this.guests = guests;
  }

  DesiredState derive(Set<String> scope) {
    SortedMap<ResourceId, DesiredResource> resources = new TreeMap<>();
    SortedSet<ResourceId> shared = new TreeSet<>();
    for (String host : HostsInUse.of(fleet)) {
      fleet.hypervisor(host).ifPresent(h -> networks(h).forEach(n -> shared.add(n.id())));
    }
    for (Environment env : inScope(scope)) {
      for (VmSpec vm : env.vms()) {
        Hypervisor host = hypervisor(vm);
        for (NetworkResource n : networks(host)) {
          shared.add(n.id());
          resources.put(n.id(), n);
        }
        vmResources(env, vm, host).forEach(r -> resources.put(r.id(), r));
      }
      for (KindDerivation kind : KindDerivations.INSTALLED) {
        kind.derive(fleet, env).forEach(r -> resources.put(r.id(), r));
      }
    }
    return new DesiredState(scope, resources, shared, fleet);
  }

  /** The environments in scope, looked up by name: the work is proportional to the scope. */
  private List<Environment> inScope(Set<String> scope) {
    if (scope.isEmpty()) {
      return fleet.environments();
    }
    List<Environment> out = new ArrayList<>();
    for (String name : new TreeSet<>(scope)) {
      fleet.environment(name).ifPresent(out::add);
    }
    return out;
  }

  private Hypervisor hypervisor(VmSpec vm) {
    return fleet
        .hypervisor(vm.host())
        .orElseThrow(
            () ->
                new RingmasterException(
                    "VM " + vm.name() + " is placed on unknown hypervisor " + vm.host()));
  }

  private static List<NetworkResource> networks(Hypervisor host) {
    List<NetworkResource> out = new ArrayList<>();
    for (NetworkKind kind : NetworkKind.values()) {
      out.add(
          new NetworkResource(
              host.name(),
              kind,
              NetworkResource.nameFor(host.name(), kind),
              host.bridges() == null ? "" : nullToEmpty(host.bridges().of(kind))));
    }
    return out;
  }

  private List<DesiredResource> vmResources(Environment env, VmSpec vm, Hypervisor host) {
    List<DesiredResource> out = new ArrayList<>();
    out.add(volume(env, vm, host, DiskRole.ROOT, vm.disk(), host.baseImage()));
    out.add(volume(env, vm, host, DiskRole.SWAP, Derived.swap(vm), null));
    out.add(volume(env, vm, host, DiskRole.TMP, Derived.tmp(vm), null));
    out.add(domain(env, vm, host));
    guests.guestFor(fleet, env, vm).ifPresent(out::add);
    return out;
  }

  private static VolumeResource volume(
      Environment env, VmSpec vm, Hypervisor host, DiskRole role, Size size, String base) {
    return new VolumeResource(
        host.name(),
        host.storagePool(),
        role.volumeName(vm.name()),
        vm.name(),
        env.name(),
        role,
        size,
        base);
  }

  static DomainResource domain(Environment env, VmSpec vm, Hypervisor host) {
    List<DomainResource.Disk> disks = new ArrayList<>();
    for (DiskRole role : DiskRole.values()) {
      disks.add(new DomainResource.Disk(role, host.storagePool(), role.volumeName(vm.name())));
    }
    List<DomainResource.Nic> nics = new ArrayList<>();
    for (NetworkKind kind : NetworkKind.values()) {
      nics.add(
          new DomainResource.Nic(
              kind,
              NetworkResource.nameFor(host.name(), kind),
              Derived.mac(vm.name(), vlan(env, kind))));
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

  private static int vlan(Environment env, NetworkKind kind) {
    NetworkSpec spec = env.networks().get(kind);
    return spec == null ? 0 : spec.vlan();
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

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
