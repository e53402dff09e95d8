package dev.ringmaster.driver.libvirt;

import java.util.ArrayDeque;
import java.util.Deque;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The libvirt-java object handles one driver action looked up, freed together when it ends. A
 * handle holds a reference on its connection until freed; leaving that to the garbage collector
 * keeps connections (and {@code test:///default}'s in-memory state) alive for an unknown time. Not
 * thread-safe: one instance per action.
 */
final class Handles implements AutoCloseable {
  @FunctionalInterface
  private interface Free {
    int run() throws LibvirtException;
  }

  private final Deque<Free> toFree = new ArrayDeque<>();

  /** Remembers {@code handle} (nullable) to free at {@link #close()}; returns it. */
  <T> T track(T handle) {
    if (handle instanceof Domain d) {
      toFree.push(d::free);
    } else if (handle instanceof StorageVol v) {
      toFree.push(v::free);
    } else if (handle instanceof StoragePool p) {
      toFree.push(p::free);
    } else if (handle instanceof Network n) {
      toFree.push(n::free);
    }
    return handle;
  }

  /** Frees every tracked handle, newest first; a failure to free one does not stop the others. */
  @Override
  public void close() {
    while (!toFree.isEmpty()) {
      try {
        toFree.pop().run();
      } catch (LibvirtException | RuntimeException e) {
        // freeing is local bookkeeping: a handle whose connection broke is gone anyway
      }
    }
  }
}
