package dev.ringmaster.driver.libvirt;

import com.sun.jna.Pointer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Keeps every Java callback handed to libvirt reachable for exactly as long as libvirt may call it.
 *
 * <p>JNA frees a callback's native entry point once the Java object is collected; libvirt calling
 * it after that jumps into freed memory and crashes the JVM (seen as a SIGSEGV inside {@code
 * virEventRunDefaultImpl}). So each callback is registered with a numeric opaque value and {@link
 * #FREE} as libvirt's free function: libvirt calls that once it has dropped the callback (after a
 * deregistration, possibly deferred until a dispatch in progress ends), and only then is the strong
 * reference released. A registration that libvirt refused is released at once.
 */
final class EventRegistrations {
  private static final Map<Long, Object> LIVE = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong(1);

  /** libvirt's {@code virFreeCallback} for every registration; never collected itself. */
  static final LibvirtNative.FreeCallback FREE = opaque -> LIVE.remove(Pointer.nativeValue(opaque));

  /**
   * The one close callback of every connection, a constant: drivers without a connection to lose
   * (e.g. {@code test:///}) accept the registration without ever calling the free function, so the
   * per-connection handler ({@link #hold held} as an {@link IntConsumer} of the reason) is released
   * by {@link #release} when the watch deregisters, and a late call finds nothing.
   */
  static final LibvirtNative.CloseCallback ON_CLOSE =
      (conn, reason, opaque) -> {
        if (LIVE.get(Pointer.nativeValue(opaque)) instanceof IntConsumer handler) {
          handler.accept(reason);
        }
      };

  private EventRegistrations() {}

  /** Holds {@code callback} and returns the opaque value to register it with. */
  static Pointer hold(Object callback) {
    long key = NEXT.getAndIncrement();
    LIVE.put(key, callback);
    return new Pointer(key);
  }

  /**
   * Releases a callback libvirt did not take (its registration failed), or a close handler after
   * its deregistration.
   */
  static void release(Pointer opaque) {
    LIVE.remove(Pointer.nativeValue(opaque));
  }

  /** Callbacks libvirt may still call. */
  static int live() {
    return LIVE.size();
  }
}
