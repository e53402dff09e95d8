package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.RestoreDriver;
import java.time.Instant;
import java.util.function.Supplier;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.w3c.dom.Element;

/**
 * {@link RestoreDriver} over a {@link LibvirtDriver}'s connection. Every copy goes through {@code
 * virStorageVolCreateXMLFrom}, which libvirt performs with {@code qemu-img convert} for qcow2
 * volumes, so a backup that is a qcow2 overlay on its predecessor is read as the full disk. The
 * backup is first staged as {@code <root>.restore} beside the root volume; the root is deleted only
 * once the staged copy is complete, and recreated from it. Not thread-safe: the owning driver
 * serialises calls.
 */
final class LibvirtRestore implements RestoreDriver {
  static final String STAGING_SUFFIX = ".restore";

  private final String host;
  private final Supplier<RawConnect> connect;
  private final Object lock;

  LibvirtRestore(String host, Supplier<RawConnect> connect, Object lock) {
    this.host = host;
    this.connect = connect;
    this.lock = lock;
  }

  @Override
  public void restoreRoot(
      String pool, String vm, Instant takenAt, String rootPool, String rootVolume) {
    synchronized (lock) {
      restore(pool, vm, BackupNames.truncate(takenAt), rootPool, rootVolume);
    }
  }

  private void restore(String pool, String vm, Instant when, String rootPool, String rootVolume) {
    String dataName = BackupNames.data(host, vm, when);
    String object = "restore of " + vm + " from " + dataName;
    refuseRunning(vm, object);
    String staging = rootVolume + STAGING_SUFFIX;
    try (Handles h = new Handles()) {
      StoragePool backups = h.track(lookupPool(pool));
      StoragePool roots = h.track(lookupPool(rootPool));
      refresh(backups, object);
      refresh(roots, object);
      StorageVol root = h.track(lookupVolume(roots, rootVolume, object));
      StorageVol staged = h.track(lookupVolume(roots, staging, object));
      if (root == null && staged == null) {
        throw DriverException.terminal(
            host
                + ": "
                + object
                + ": neither the root disk "
                + rootVolume
                + " nor "
                + staging
                + " exists",
            null);
      }
      if (root != null) {
        StorageVol data = h.track(lookupVolume(backups, dataName, object));
        if (data == null || !complete(backups, vm, when, object)) {
          throw DriverException.terminal(
              host + ": " + object + ": no complete backup " + dataName + " in pool " + pool, null);
        }
        long capacity = call(object, () -> root.getInfo().capacity);
        String format = format(root, object);
        if (staged != null) {
          delete(staged, object);
        }
        staged =
            h.track(
                call(
                    object,
                    () ->
                        roots.storageVolCreateXMLFrom(
                            VolumeXml.of(staging, capacity, format), data, 0)));
        delete(root, object);
      }
      StorageVol from = staged;
      long capacity = call(object, () -> from.getInfo().capacity);
      String format = format(from, object);
      h.track(
          call(
              object,
              () ->
                  roots.storageVolCreateXMLFrom(
                      VolumeXml.of(rootVolume, capacity, format), from, 0)));
      delete(from, object);
    }
  }

  private boolean complete(StoragePool pool, String vm, Instant when, String object) {
    for (String name : call(object, pool::listVolumes)) {
      if (BackupNames.isMarkOf(name, host, vm, when)) {
        return true;
      }
    }
    return false;
  }

  private void refuseRunning(String vm, String object) {
    Domain d;
    try {
      d = connect.get().domainLookupByName(vm);
    } catch (LibvirtException e) {
      if (LibvirtErrors.isMissing(e)) {
        return;
      }
      throw LibvirtErrors.map(host, object, e);
    }
    try (Handles h = new Handles()) {
      h.track(d);
      if (call(object, d::isActive) == 1) {
        throw DriverException.terminal(
            host + ": " + object + ": the domain is running; shut it off first", null);
      }
    }
  }

  private String format(StorageVol v, String object) {
    Element target =
        Xml.first(Xml.parse(call(object, () -> v.getXMLDesc(0))).getDocumentElement(), "target");
    Element format = target == null ? null : Xml.first(target, "format");
    return format == null || format.getAttribute("type").isBlank()
        ? "qcow2"
        : format.getAttribute("type");
  }

  private void refresh(StoragePool p, String object) {
    call(
        object,
        () -> {
          p.refresh(0);
          return null;
        });
  }

  private void delete(StorageVol v, String object) {
    call(
        object,
        () -> {
          v.delete(0);
          return null;
        });
  }

  private StoragePool lookupPool(String pool) {
    try {
      return connect.get().storagePoolLookupByName(pool);
    } catch (LibvirtException e) {
      throw LibvirtErrors.map(host, "storage pool " + pool, e);
    }
  }

  private StorageVol lookupVolume(StoragePool p, String name, String object) {
    try {
      return p.storageVolLookupByName(name);
    } catch (LibvirtException e) {
      if (LibvirtErrors.isMissing(e)) {
        return null;
      }
      throw LibvirtErrors.map(host, object, e);
    }
  }

  private <T> T call(String object, LibvirtDriver.LibvirtCall<T> call) {
    return LibvirtErrors.call(host, object, call);
  }
}
