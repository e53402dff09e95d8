package dev.ringmaster.driver.spi;

import dev.ringmaster.model.NetworkKind;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A libvirt network on a hypervisor for one of the two platform networks, carrying the host bridge
 * named in the hypervisor's {@code bridges}. Shared by every environment with VMs on that host.
 */
public record NetworkResource(String host, NetworkKind kind, String name, String bridge)
    implements DesiredResource {

  /**
   * The libvirt network name Ringmaster uses on a host for a kind: {@code ringmaster-kvm01-fe}.
   * Host-qualified so that hypervisors sharing one libvirt instance never collide.
   */
  public static String nameFor(String host, NetworkKind kind) {
    return "ringmaster-" + host + "-" + kind.key();
  }

  public Ownership ownership() {
    return new Ownership(host, "", "");
  }

  @Override
  public ResourceId id() {
    return ResourceId.network(host, name);
  }

  @Override
  public String environment() {
    return "";
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("bridge", bridge);
    a.put("active", "true");
    return a;
  }
}
