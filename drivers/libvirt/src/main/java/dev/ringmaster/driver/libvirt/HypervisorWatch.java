package dev.ringmaster.driver.libvirt;

import com.sun.jna.Pointer;
import dev.ringmaster.driver.spi.ChangeListener;
import dev.ringmaster.driver.spi.Ownership;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The change feed of one {@link LibvirtDriver}: libvirt's event streams keep the driver's
 * observation cache current and name the owning environment of every owned object that changed.
 *
 * <ul>
 *   <li>Domain events (lifecycle — defined, undefined, started, stopped ... —, balloon, tunable,
 *       device added/removed, metadata change): the cached XML of an owned domain is dropped and
 *       its environment reported. Events of domains without this host's ownership mark are dropped
 *       without any libvirt call.
 *   <li>Network lifecycle events: the same for owned networks.
 *   <li>Volumes: libvirt has no volume events, so the pool's volume names are listed every {@code
 *       poll} (one call); a vanished disk volume of an owned domain reports that domain's
 *       environment.
 *   <li>Keepalive (5 s × 3) and a close callback: when the connection is lost the feed is down
 *       ({@link #problem()}), reconnects every poll period and then relists everything: every
 *       cached entry is dropped and every environment seen on the host is reported.
 *   <li>A periodic relist (every {@code relistEvery}) drops every cached entry, so definition
 *       changes libvirt does not announce with an event are read again by the next pass.
 * </ul>
 *
 * Callbacks run on the process's libvirt event thread; the poll runs on its own daemon thread.
 */
final class HypervisorWatch implements AutoCloseable {
  private static final LibvirtNative LIB = LibvirtNative.INSTANCE;

  /** LIFECYCLE, BALLOON_CHANGE, TUNABLE, DEVICE_REMOVED, DEVICE_ADDED, METADATA_CHANGE. */
  private static final int[] DOMAIN_EVENTS = {0, 13, 17, 15, 19, 23};

  private static final int NETWORK_LIFECYCLE = 0;

  private final LibvirtDriver driver;
  private final BulkObserver observer;
  private final ChangeListener listener;
  private final String pool;
  private final Supplier<RawConnect> reconnect;
  private final long relistEveryMillis;
  private final ScheduledExecutorService poller;
  private final Object lock = new Object();
  private Registration current; // guarded by lock
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicInteger reconnects =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile String problem;
  private volatile Set<String> volumes;
  private volatile Map<UUID, String> domainStats;
  private long lastRelist = System.nanoTime();
  private volatile long lastSync; // System.nanoTime() when the last successful sync started
  private volatile boolean synced; // whether lastSync is set (and not reset by a reconnect)

  HypervisorWatch(
      LibvirtDriver driver,
      BulkObserver observer,
      ChangeListener listener,
      String pool,
      Supplier<RawConnect> reconnect,
      long pollMillis,
      long relistEveryMillis) {
    this.driver = driver;
    this.observer = observer;
    this.listener = listener;
    this.pool = pool;
    this.reconnect = reconnect;
    this.relistEveryMillis = relistEveryMillis;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "libvirt-watch-" + driver.host());
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Registers the event callbacks on {@code conn}, replacing those of an earlier connection; sets
   * the problem when that fails. Nothing is registered once the watch is closed.
   */
  void register(Pointer conn) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (current != null) {
        current.cancel();
      }
      current = new Registration(conn);
      List<String> failed = current.failures;
      problem =
          failed.isEmpty()
              ? null
              : driver.host() + ": cannot watch libvirt events: " + String.join("; ", failed);
    }
  }

  /**
   * The callbacks registered on one connection. Each is held by {@link EventRegistrations} until
   * libvirt frees it, and {@link #cancel()} deregisters all of them before the connection may be
   * closed: a closed connection with callbacks still registered stays alive inside libvirt (each
   * callback holds a reference to it) and keeps dispatching events to them.
   */
  private final class Registration {
    private final Pointer conn;
    private final List<Integer> domainIds = new ArrayList<>();
    private final List<Integer> networkIds = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private Pointer onClose;

    Registration(Pointer conn) {
      this.conn = conn;
      for (int id : DOMAIN_EVENTS) {
        LibvirtNative.DomainEventCallback cb = (c, dom) -> onDomain(dom);
        Pointer opaque = EventRegistrations.hold(cb);
        int callbackId =
            LIB.virConnectDomainEventRegisterAny(
                conn, Pointer.NULL, id, cb, opaque, EventRegistrations.FREE);
        if (callbackId < 0) {
          EventRegistrations.release(opaque);
          failures.add("domain event " + id + ": " + LIB.virGetLastErrorMessage());
        } else {
          domainIds.add(callbackId);
        }
      }
      LibvirtNative.ObjectEventCallback net = (c, n) -> onNetwork(n);
      Pointer opaque = EventRegistrations.hold(net);
      int callbackId =
          LIB.virConnectNetworkEventRegisterAny(
              conn, Pointer.NULL, NETWORK_LIFECYCLE, net, opaque, EventRegistrations.FREE);
      if (callbackId < 0) {
        EventRegistrations.release(opaque);
        failures.add("network events: " + LIB.virGetLastErrorMessage());
      } else {
        networkIds.add(callbackId);
      }
      LIB.virConnectSetKeepAlive(conn, 5, 3);
      java.util.function.IntConsumer handler =
          reason -> {
            if (!closed) {
              problem =
                  "libvirt connection to " + driver.host() + " closed (reason " + reason + ")";
            }
          };
      Pointer closeOpaque = EventRegistrations.hold(handler);
      if (LIB.virConnectRegisterCloseCallback(
              conn, EventRegistrations.ON_CLOSE, closeOpaque, EventRegistrations.FREE)
          < 0) {
        EventRegistrations.release(closeOpaque);
      } else {
        onClose = closeOpaque;
      }
    }

    /** Deregisters every callback; best effort on a connection that is already gone. */
    void cancel() {
      for (int id : domainIds) {
        LIB.virConnectDomainEventDeregisterAny(conn, id);
      }
      for (int id : networkIds) {
        LIB.virConnectNetworkEventDeregisterAny(conn, id);
      }
      if (onClose != null) {
        LIB.virConnectUnregisterCloseCallback(conn, EventRegistrations.ON_CLOSE);
        EventRegistrations.release(onClose);
      }
      domainIds.clear();
      networkIds.clear();
      onClose = null;
    }
  }

  /** How often the lost connection was replaced by a new one. */
  int reconnects() {
    return reconnects.get();
  }

  Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * Brings the cache up to the moment of this call: one round trip on the connection (events and
   * replies share it, in order), the event loop barrier (those events are applied), then the two
   * polls for what libvirt sends no event for (volume names, domain maxima). Returns whether the
   * feed is up, so that the cache (with whatever those steps invalidated dropped) holds every
   * change libvirt made before this call. The feed's own poll is the same sync, so a pass may use
   * the poll's ({@link #syncedSince}).
   */
  synchronized boolean sync(long freshAsOf) {
    if (syncedSince(freshAsOf)) {
      return true; // the poll's sync, which this call waited for, started late enough
    }
    try {
      return syncOrThrow();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private synchronized boolean syncOrThrow() {
    if (problem != null) {
      return false;
    }
    long started = System.nanoTime();
    observer.roundTrip();
    if (!EventLoop.barrier(500)) {
      return false;
    }
    pollVolumes();
    pollDomainStats();
    if (problem != null) {
      return false;
    }
    lastSync = started;
    synced = true;
    return true;
  }

  /**
   * Whether a sync that started at or after {@code nanoTime} has completed with the feed up: the
   * cache then already holds every change libvirt made before that moment.
   */
  boolean syncedSince(long nanoTime) {
    return synced && problem == null && lastSync - nanoTime >= 0;
  }

  private void onDomain(Pointer dom) {
    if (closed) {
      return;
    }
    try {
      byte[] buf = new byte[37];
      LIB.virDomainGetUUIDString(dom, buf);
      UUID uuid = UUID.fromString(new String(buf, 0, 36, StandardCharsets.US_ASCII));
      ParsedDomain cached = observer.knownDomain(uuid);
      if (cached == null) {
        observer.changed(); // new: the next observation reads it
        return;
      }
      if (!mine(cached.owner())) {
        return; // foreign: ignored
      }
      observer.invalidate(uuid);
      String object = "domain " + LIB.virDomainGetName(dom);
      if (!driver.ownWrite(object)) {
        listener.changed(driver.host(), cached.owner().environment(), object);
      }
    } catch (RuntimeException e) {
      // an event callback must never throw into libvirt; the periodic relist catches up
    }
  }

  private void onNetwork(Pointer net) {
    if (closed) {
      return;
    }
    try {
      byte[] buf = new byte[37];
      LIB.virNetworkGetUUIDString(net, buf);
      UUID uuid = UUID.fromString(new String(buf, 0, 36, StandardCharsets.US_ASCII));
      ParsedNetwork cached = observer.knownNetwork(uuid);
      if (cached == null) {
        observer.changed(); // new: the next observation reads it
        return;
      }
      if (!mine(cached.owner())) {
        return;
      }
      observer.invalidate(uuid);
      String object = "network " + LIB.virNetworkGetName(net);
      if (!driver.ownWrite(object)) {
        listener.changed(driver.host(), cached.owner().environment(), object);
      }
    } catch (RuntimeException e) {
      // as above
    }
  }

  private boolean mine(Ownership owner) {
    return owner != null && driver.host().equals(owner.host());
  }

  private void poll() {
    try {
      if (problem != null && problem.contains("closed")) {
        RawConnect fresh = reconnect.get();
        synchronized (lock) {
          if (closed) {
            closeQuietly(fresh);
            return;
          }
          if (current != null) {
            current.cancel(); // before the old connection is closed
            current = null;
          }
        }
        Set<String> environments = driver.reconnected(fresh);
        register(fresh.pointer());
        reconnects.incrementAndGet();
        synchronized (this) {
          synced = false;
          volumes = null;
          domainStats = null;
        }
        for (String env : environments) {
          listener.changed(driver.host(), env, "relist after reconnect");
        }
        return;
      }
      if (relistEveryMillis > 0
          && System.nanoTime() - lastRelist > TimeUnit.MILLISECONDS.toNanos(relistEveryMillis)) {
        lastRelist = System.nanoTime();
        for (String env : driver.relist()) {
          listener.changed(driver.host(), env, "definition changed (periodic relist)");
        }
      }
      syncOrThrow();
    } catch (RuntimeException e) {
      if (!driver.alive()) {
        problem = "libvirt connection to " + driver.host() + " closed: " + e.getMessage();
      } else if (problem == null) {
        problem = driver.host() + ": " + e.getMessage();
      }
    }
  }

  /**
   * Definition changes libvirt announces with no event (memory or vCPU maximum set with {@code
   * --config}): one bulk stats call per poll; a changed owned domain is dropped from the cache and
   * reported.
   */
  private synchronized void pollDomainStats() {
    Map<UUID, String> now = observer.domainFingerprints();
    Map<UUID, String> before = domainStats;
    domainStats = now;
    if (before == null) {
      observer.changed(); // no baseline yet: whatever was read before may predate it
      return;
    }
    now.forEach(
        (uuid, fingerprint) -> {
          String was = before.get(uuid);
          if (was == null || was.equals(fingerprint)) {
            return;
          }
          ParsedDomain cached = observer.knownDomain(uuid);
          if (cached == null || !mine(cached.owner())) {
            return;
          }
          observer.invalidate(uuid);
          String object = "domain " + observer.domainName(uuid);
          if (!driver.ownWrite(object)) {
            listener.changed(driver.host(), cached.owner().environment(), object);
          }
        });
  }

  private synchronized void pollVolumes() {
    Set<String> now = observer.listVolumeNames(pool);
    Set<String> before = volumes == null ? observer.knownVolumes() : volumes;
    if (!before.containsAll(now)) {
      observer.changed(); // a volume appeared: the next observation reads the pool again
    }
    for (String name : before) {
      if (!now.contains(name)) {
        String vm = VolumeNames.vmOf(name);
        Ownership owner = vm == null ? null : observer.ownerOfDomain(vm);
        observer.invalidateVolume(name);
        if (mine(owner) && !driver.ownWrite("volume " + name)) {
          listener.changed(driver.host(), owner.environment(), "volume " + pool + "/" + name);
        }
      }
    }
    volumes = now;
  }

  /**
   * Stops the poll and deregisters every callback; the caller closes the connection afterwards.
   * Must not be called while holding the driver's lock (the poll may be waiting for it).
   */
  @Override
  public void close() {
    closed = true;
    poller.shutdownNow();
    try {
      poller.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      if (current != null) {
        current.cancel();
        current = null;
      }
    }
  }

  private static void closeQuietly(RawConnect c) {
    try {
      c.close();
    } catch (org.libvirt.LibvirtException | RuntimeException e) {
      // never used
    }
  }
}
