package dev.ringmaster.driver.spi;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The configuration inside one VM: the host config JSON document the NixOS module consumes, its
 * content hash, and where to reach the guest over SSH. Applied only once the domain runs.
 */
public record GuestResource(
    String host,
    String vm,
    String environment,
    GuestTarget target,
    String hostConfigJson,
    String configHash)
    implements DesiredResource {

  @Override
  public ResourceId id() {
    return ResourceId.guest(host, vm);
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("configHash", configHash);
    return a;
  }
}
