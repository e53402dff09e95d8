package dev.ringmaster.driver.libvirt;

import com.sun.jna.Pointer;
import dev.ringmaster.driver.spi.ChangeListener;
import dev.ringmaster.driver.spi.Ownership;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
  // the native callbacks must stay reachable as long as libvirt may call them
  private final List<Object> callbacks = new ArrayList<>();
  private final LibvirtNative.CloseCallback onClose;
  private volatile String problem;
  private volatile Set<String> volumes;
  private long lastRelist = System.nanoTime();

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
    this.onClose =
        (conn, reason, opaque) ->
            problem = "libvirt connection to " + driver.host() + " closed (reason " + reason + ")";
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "libvirt-watch-" + driver.host());
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  /** Registers the event callbacks on {@code conn}; sets the problem when that fails. */
  void register(Pointer conn) {
    List<String> failed = new ArrayList<>();
    for (int id : DOMAIN_EVENTS) {
      LibvirtNative.DomainEventCallback cb = (c, dom) -> onDomain(dom);
      callbacks.add(cb);
      if (LIB.virConnectDomainEventRegisterAny(conn, Pointer.NULL, id, cb, null, null) < 0) {
        failed.add("domain event " + id + ": " + LIB.virGetLastErrorMessage());
      }
    }
    LibvirtNative.ObjectEventCallback net = (c, n) -> onNetwork(n);
    callbacks.add(net);
    if (LIB.virConnectNetworkEventRegisterAny(
            conn, Pointer.NULL, NETWORK_LIFECYCLE, net, null, null)
        < 0) {
      failed.add("network events: " + LIB.virGetLastErrorMessage());
    }
    LIB.virConnectSetKeepAlive(conn, 5, 3);
    LIB.virConnectRegisterCloseCallback(conn, onClose, null, null);
    problem =
        failed.isEmpty()
            ? null
            : driver.host() + ": cannot watch libvirt events: " + String.join("; ", failed);
  }

  Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * Waits until every event libvirt sent before this call has been applied to the cache: one round
   * trip on the connection (events and replies share it, in order), then the event loop barrier.
   */
  void sync(Pointer conn) {
    if (problem != null) {
      return;
    }
    LIB.virConnectGetLibVersion(conn, new com.sun.jna.ptr.LongByReference());
    EventLoop.barrier(500);
  }

  private void onDomain(Pointer dom) {
    try {
      byte[] buf = new byte[37];
      LIB.virDomainGetUUIDString(dom, buf);
      UUID uuid = UUID.fromString(new String(buf, 0, 36, StandardCharsets.US_ASCII));
      ParsedDomain cached = observer.cachedDomain(uuid);
      if (cached == null) {
        return; // not observed yet (new) or already dropped: the next pass reads it
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
    try {
      byte[] buf = new byte[37];
      LIB.virNetworkGetUUIDString(net, buf);
      UUID uuid = UUID.fromString(new String(buf, 0, 36, StandardCharsets.US_ASCII));
      ParsedNetwork cached = observer.cachedNetwork(uuid);
      if (cached == null || !mine(cached.owner())) {
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
        callbacks.clear();
        Set<String> environments = driver.reconnected(fresh);
        register(fresh.pointer());
        volumes = null;
        for (String env : environments) {
          listener.changed(driver.host(), env, "relist after reconnect");
        }
        return;
      }
      if (relistEveryMillis > 0
          && System.nanoTime() - lastRelist > TimeUnit.MILLISECONDS.toNanos(relistEveryMillis)) {
        lastRelist = System.nanoTime();
        driver.refresh();
      }
      pollVolumes();
    } catch (RuntimeException e) {
      if (!driver.alive()) {
        problem = "libvirt connection to " + driver.host() + " closed: " + e.getMessage();
      } else if (problem == null) {
        problem = driver.host() + ": " + e.getMessage();
      }
    }
  }

  private void pollVolumes() {
    Set<String> known = observer.knownVolumes();
    if (known.isEmpty()) {
      return; // nothing observed yet
    }
    Set<String> now = observer.listVolumeNames(pool);
    Set<String> before = volumes == null ? known : volumes;
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

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
