package dev.ringmaster.reconciler.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Fleet repository documents as tests write them into Git: hypervisors and environments in the
 * fleet format, laid out line by line as a person would (tests assert {@code file:line:column}
 * positions in them). Networks follow one pattern: {@code fe} on VLAN {@code n} with the given IPv4
 * range, {@code srv} on VLAN {@code n + 1} with {@code 10.<n+1>.0.0/24}, IPv6 {@code
 * 2001:db8:<vlan>::/64} on both.
 */
public final class FleetYaml {
  private FleetYaml() {}

  /**
   * A hypervisor on libvirt's built-in {@code test:///default} (pool {@code default-pool}, TCG
   * domains), bridges {@code br<bridges>-fe} and {@code br<bridges>-srv}: tests that share the
   * per-process test driver each use hypervisor and bridge names of their own.
   */
  public static String testHypervisor(String name, String bridges) {
    return """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: test:///default
        storagePool: default-pool
        domainType: qemu
        bridges: { fe: br%s-fe, srv: br%s-srv }
        capacity: { memory: 64GiB, cores: 16 }
        """
        .formatted(name, bridges, bridges);
  }

  /** An environment document; add networks, VMs and any other lines, then {@link #yaml()}. */
  public static Environment environment(String name, String resourceGroup) {
    return new Environment(name, resourceGroup);
  }

  /** An environment under construction. Not thread-safe. */
  public static final class Environment {
    private final List<String> lines = new ArrayList<>();
    private final List<String> vms = new ArrayList<>();

    private Environment(String name, String resourceGroup) {
      lines.add("apiVersion: ringmaster/v1");
      lines.add("kind: Environment");
      lines.add("name: " + name);
      lines.add("resourceGroup: " + resourceGroup);
    }

    /** A top-level line as it is ({@code production: true}), after the ones before it. */
    public Environment line(String yaml) {
      lines.add(yaml);
      return this;
    }

    /** {@code fe} on {@code vlan} with {@code feIpv4}, {@code srv} on {@code vlan + 1}. */
    public Environment networks(int vlan, String feIpv4) {
      int srv = vlan + 1;
      lines.add("networks:");
      lines.add(
          "  fe:  { vlan: %d, ipv4: %s, ipv6: \"2001:db8:%d::/64\" }"
              .formatted(vlan, feIpv4, vlan));
      lines.add(
          "  srv: { vlan: %d, ipv4: 10.%d.0.0/24, ipv6: \"2001:db8:%d::/64\" }"
              .formatted(srv, srv, srv));
      return this;
    }

    /** A VM with one core, in the order added. */
    public Environment vm(String name, String host, String memory, String disk) {
      return vm(name, host, memory, 1, disk);
    }

    public Environment vm(String name, String host, String memory, int cores, String disk) {
      vms.add(
          """
            - name: %s
              host: %s
              memory: %s
              cores: %d
              disk: %s
          """
              .formatted(name, host, memory, cores, disk));
      return this;
    }

    /** Lines appended under {@code vms:} as they are (a VM with more fields). */
    public Environment vmYaml(String yaml) {
      vms.add(yaml);
      return this;
    }

    public String yaml() {
      return String.join("\n", lines) + "\nvms:\n" + String.join("", vms);
    }
  }
}
