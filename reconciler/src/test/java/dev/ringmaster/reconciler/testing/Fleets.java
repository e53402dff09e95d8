package dev.ringmaster.reconciler.testing;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.desired.DesiredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small fleets and matching observations for tests. */
public final class Fleets {
  private Fleets() {}

  public static Hypervisor hypervisor(String name, String uri, String pool) {
    return new Hypervisor(
        name,
        uri,
        pool,
        null,
        new Hypervisor.Bridges("br-fe", "br-srv"),
        new Hypervisor.Capacity(Size.gib(64), 16),
        "qemu",
        null,
        null,
        null);
  }

  public static VmSpec vm(String name, String host, Size memory, int cores, Size disk) {
    return new VmSpec(
        name, host, memory, cores, disk, null, null, List.of(), true, Map.of(), false, null);
  }

  public static VmSpec offline(VmSpec v) {
    return new VmSpec(
        v.name(),
        v.host(),
        v.memory(),
        v.cores(),
        v.disk(),
        null,
        null,
        List.of(),
        false,
        Map.of(),
        false,
        null);
  }

  public static Environment environment(String name, String group, List<VmSpec> vms) {
    return new Environment(
        name,
        group,
        false,
        "whq",
        null,
        null,
        null,
        false,
        Map.of(
            NetworkKind.FE,
            new NetworkSpec(2, Cidr.parse("203.0.113.0/26").orElseThrow(), null),
            NetworkKind.SRV,
            new NetworkSpec(3, Cidr.parse("10.3.0.0/24").orElseThrow(), null)),
        List.of(),
        List.of(),
        vms,
        null);
  }

  /** One hypervisor {@code kvm01} and environment {@code myapp-prod} with the given VMs. */
  public static Fleet fleet(String uri, String pool, VmSpec... vms) {
    return new Fleet(
        List.of(hypervisor("kvm01", uri, pool)),
        List.of(environment("myapp-prod", "myapp", List.of(vms))));
  }

  /** What a hypervisor looks like after the desired state was applied exactly. */
  public static HypervisorObservation observedAsDesired(String host, DesiredState desired) {
    List<ObservedNetwork> networks = new ArrayList<>();
    List<ObservedVolume> volumes = new ArrayList<>();
    List<ObservedDomain> domains = new ArrayList<>();
    for (DesiredResource r : desired.resources().values()) {
      if (!r.id().host().equals(host)) {
        continue;
      }
      if (r instanceof NetworkResource n) {
        networks.add(new ObservedNetwork(n.name(), n.bridge(), true, n.ownership()));
      } else if (r instanceof VolumeResource v) {
        volumes.add(new ObservedVolume(v.pool(), v.name(), v.capacity(), "/p/" + v.name()));
      } else if (r instanceof dev.ringmaster.driver.spi.SeedResource s) {
        volumes.add(
            new ObservedVolume(
                s.pool(), s.volume(), dev.ringmaster.model.Size.mib(1), "/p/" + s.volume()));
      } else if (r instanceof DomainResource d) {
        domains.add(observed(d));
      }
    }
    return new HypervisorObservation(host, networks, volumes, domains);
  }

  public static ObservedDomain observed(DomainResource d) {
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
        d.ownership());
  }
}
