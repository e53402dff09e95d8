package dev.ringmaster.driver.libvirt;

import com.sun.jna.Pointer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * libvirt's default event loop, run by one daemon thread for the whole process. It must be
 * registered before the first connection that wants events is opened ({@link RawConnect} does so
 * when its class loads); events of every connection are dispatched on that thread.
 */
final class EventLoop {
  /**
   * The system property that turns the loop, and so the change feed, on ({@code true}); off by
   * default until a crash seen in {@code virEventRunDefaultImpl} under the daemon is understood.
   */
  static final String ENABLED_PROPERTY = "ringmaster.libvirt.events";

  private static final LibvirtNative LIB = LibvirtNative.INSTANCE;
  private static volatile boolean started;

  private EventLoop() {}

  /** Registers and starts the loop once; later calls do nothing. */
  static synchronized void start() {
    if (started) {
      return;
    }
    if (LIB.virEventRegisterDefaultImpl() < 0) {
      throw new IllegalStateException(
          "cannot register libvirt's event loop: " + LIB.virGetLastErrorMessage());
    }
    Thread t =
        new Thread(
            () -> {
              while (true) {
                if (LIB.virEventRunDefaultImpl() < 0) {
                  sleepQuietly();
                }
              }
            },
            "libvirt-events");
    t.setDaemon(true);
    t.start();
    started = true;
  }

  /**
   * Returns once the loop has run every callback that was due when this was called, among them the
   * dispatch of events the connections had already received (libvirt's client queues received
   * events on a timer registered at connect time, which runs before this barrier's later timer).
   * Gives up after {@code timeoutMillis}; false then.
   */
  static boolean barrier(long timeoutMillis) {
    if (!started) {
      return true;
    }
    CountDownLatch done = new CountDownLatch(2);
    LibvirtNative.TimeoutCallback[] cb = new LibvirtNative.TimeoutCallback[1];
    cb[0] =
        (timer, opaque) -> {
          done.countDown();
          if (done.getCount() == 0) {
            LIB.virEventRemoveTimeout(timer);
          }
        };
    int timer = LIB.virEventAddTimeout(0, cb[0], Pointer.NULL, Pointer.NULL);
    if (timer < 0) {
      return false;
    }
    try {
      boolean ok = done.await(timeoutMillis, TimeUnit.MILLISECONDS);
      if (!ok) {
        LIB.virEventRemoveTimeout(timer);
      }
      return ok;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LIB.virEventRemoveTimeout(timer);
      return false;
    } finally {
      // keeps the callback reachable until the loop can no longer call it
      java.lang.ref.Reference.reachabilityFence(cb[0]);
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
