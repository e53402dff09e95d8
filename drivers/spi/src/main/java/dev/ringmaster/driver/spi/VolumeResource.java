package dev.ringmaster.driver.spi;

import dev.ringmaster.model.Size;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A storage volume in a hypervisor's pool: one of a VM's three disks. {@code baseImage} (nullable)
 * names a volume in the same pool that a new root disk is cloned from.
 */
public record VolumeResource(
    String host,
    String pool,
    String name,
    String vm,
    String environment,
    DiskRole role,
    Size capacity,
    String baseImage)
    implements DesiredResource {

  @Override
  public ResourceId id() {
    return ResourceId.volume(host, name);
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("pool", pool);
    a.put("capacity", capacity.toString());
    return a;
  }
}
