package dev.ringmaster.driver.libvirt;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.ringmaster.driver.spi.BackupNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoints of one domain that Ringmaster's backups create ({@link BackupNames#checkpoint}):
 * looked up, listed and deleted through libvirt's checkpoint API. A running domain keeps only the
 * checkpoint of its newest backup, the one the next backup can be incremental on. Deletion is best
 * effort: libvirt cannot delete a checkpoint of a shut-off domain (the next backup of the running
 * domain does), and a checkpoint whose bitmap vanished with its disk (a restore) is deleted as
 * metadata only. Callers hold the driver's lock; {@code domain} is a {@code virDomainPtr}.
 */
final class DomainCheckpoints {
  private DomainCheckpoints() {}

  static boolean exists(Pointer domain, String name) {
    Pointer cp = BackupNative.INSTANCE.virDomainCheckpointLookupByName(domain, name, 0);
    if (cp == null) {
      return false;
    }
    BackupNative.INSTANCE.virDomainCheckpointFree(cp);
    return true;
  }

  /** Deletes checkpoint {@code name}; true when it is gone (or was never there). */
  static boolean delete(Pointer domain, String name) {
    Pointer cp = BackupNative.INSTANCE.virDomainCheckpointLookupByName(domain, name, 0);
    if (cp == null) {
      return true;
    }
    try {
      return BackupNative.INSTANCE.virDomainCheckpointDelete(cp, 0) == 0
          || BackupNative.INSTANCE.virDomainCheckpointDelete(
                  cp, BackupNative.CHECKPOINT_DELETE_METADATA_ONLY)
              == 0;
    } finally {
      BackupNative.INSTANCE.virDomainCheckpointFree(cp);
    }
  }

  /** The names of the domain's checkpoints that backups created. */
  static List<String> names(Pointer domain) {
    PointerByReference list = new PointerByReference();
    int n = BackupNative.INSTANCE.virDomainListAllCheckpoints(domain, list, 0);
    List<String> out = new ArrayList<>();
    if (n <= 0 || list.getValue() == null) {
      return out;
    }
    try {
      for (Pointer cp : list.getValue().getPointerArray(0, n)) {
        String name = BackupNative.INSTANCE.virDomainCheckpointGetName(cp);
        if (name != null && name.startsWith(BackupNames.PREFIX)) {
          out.add(name);
        }
        BackupNative.INSTANCE.virDomainCheckpointFree(cp);
      }
    } finally {
      Native.free(Pointer.nativeValue(list.getValue()));
    }
    return out;
  }

  /** Deletes every checkpoint that backups created except {@code keep}. */
  static void keepOnly(Pointer domain, String keep) {
    for (String name : names(domain)) {
      if (!name.equals(keep)) {
        delete(domain, name);
      }
    }
  }
}
