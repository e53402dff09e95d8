package dev.ringmaster.driver.libvirt;

import com.sun.jna.Pointer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * libvirt's default event loop, run by one daemon thread for the whole process. It must be
 * registered before the first connection that wants events is opened ({@link RawConnect} does so
 * when its class loads); events of every connection are dispatched on that thread.
 */
final class EventLoop {
  /**
   * The system property (or, when unset, the environment variable {@link #ENABLED_ENV}) that turns
   * the loop, and so the change feed, off with {@code false}; on by default.
   */
  static final String ENABLED_PROPERTY = "ringmaster.libvirt.events";

  static final String ENABLED_ENV = "RINGMASTER_LIBVIRT_EVENTS";

  private static final LibvirtNative LIB = LibvirtNative.INSTANCE;
  private static volatile boolean started;

  /** Latches of the barriers in flight, by the opaque value their timer carries. */
  private static final Map<Long, CountDownLatch> BARRIERS = new ConcurrentHashMap<>();

  private static final AtomicLong NEXT_BARRIER = new AtomicLong(1);

  /**
   * The one timer callback of every barrier: a static constant, so libvirt can never call a
   * collected callback, whenever a removed timer's last dispatch happens.
   */
  private static final LibvirtNative.TimeoutCallback BARRIER =
      (timer, opaque) -> {
        long key = Pointer.nativeValue(opaque);
        CountDownLatch done = BARRIERS.get(key);
        if (done != null) {
          done.countDown();
          if (done.getCount() > 0) {
            return;
          }
          BARRIERS.remove(key);
        }
        LIB.virEventRemoveTimeout(timer);
      };

  private EventLoop() {}

  /** Whether the change feed is on: unless the property or the environment says {@code false}. */
  static boolean enabled() {
    String value = System.getProperty(ENABLED_PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(ENABLED_ENV);
    }
    return value == null || value.isBlank() || !value.trim().equalsIgnoreCase("false");
  }

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

  static boolean started() {
    return started;
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
    long key = NEXT_BARRIER.getAndIncrement();
    CountDownLatch done = new CountDownLatch(2);
    BARRIERS.put(key, done);
    int timer = LIB.virEventAddTimeout(0, BARRIER, new Pointer(key), null);
    if (timer < 0) {
      BARRIERS.remove(key);
      return false;
    }
    try {
      return done.await(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (BARRIERS.remove(key) != null) {
        // timed out or interrupted: the callback no longer finds the latch and removes the timer
        LIB.virEventRemoveTimeout(timer);
      }
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
