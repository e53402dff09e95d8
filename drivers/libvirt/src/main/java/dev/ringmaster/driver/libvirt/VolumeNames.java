package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DiskRole;
import java.util.Set;

/** Which volume names are VM disks, and which pool types hold qcow2 files. */
final class VolumeNames {
  private static final Set<String> FILE_POOLS = Set.of("dir", "fs", "netfs");

  private VolumeNames() {}

  /** The VM a disk volume belongs to ({@code myapp00} for {@code myapp00-root}); null otherwise. */
  static String vmOf(String volume) {
    for (DiskRole role : DiskRole.values()) {
      String suffix = role.volumeName("");
      if (volume.endsWith(suffix) && volume.length() > suffix.length()) {
        return volume.substring(0, volume.length() - suffix.length());
      }
    }
    return null;
  }

  static boolean fileBasedPool(String type) {
    return FILE_POOLS.contains(type);
  }
}
