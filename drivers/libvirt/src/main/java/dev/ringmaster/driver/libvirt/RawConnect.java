package dev.ringmaster.driver.libvirt;

import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;

/**
 * A libvirt-java connection that also hands out its C pointer for the bulk calls. Loading this
 * class replaces libvirt's default error printer (stderr) with a silent one: errors reach callers
 * as exceptions instead, and starts libvirt's event loop ({@link EventLoop}) so that every
 * connection can deliver events.
 */
final class RawConnect extends Connect {
  private static final Libvirt.VirErrorCallback SILENT = (userData, error) -> {};

  static {
    if (EventLoop.enabled()) {
      EventLoop.start();
    }
    try {
      Connect.setErrorCallback(SILENT);
    } catch (LibvirtException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  RawConnect(String uri) throws LibvirtException {
    super(uri);
  }

  Pointer pointer() {
    return vcp.getPointer();
  }
}
