package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.SeedImage;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Hypervisor;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * A {@link HypervisorDriver} over one libvirt connection (libvirt-java plus a few bulk calls bound
 * with JNA). Thread-safe: every public method is synchronized, so calls on one instance run one at
 * a time (a shutdown waiting for its timeout blocks the others); open several drivers for
 * parallelism. All methods block.
 *
 * <p>Ownership: networks and domains carry a {@code <metadata>} element in namespace {@link
 * Ownership#NAMESPACE}; objects marked for another host are left out of {@link #observe()} and
 * treated as foreign. Volumes carry no mark: a volume is touched only when its name is a disk name
 * ({@code <vm>-root|swap|tmp|seed}) and the domain of that VM, if it exists, is owned by this host.
 *
 * <p>{@link #observe()} caches parsed persistent XML per UUID; the driver drops an entry whenever
 * it changes that object itself, objects that disappear are dropped, {@link #refresh()} drops all,
 * and every {@code fullRefreshEvery}-th pass re-reads everything (so out-of-band edits of a
 * domain's definition are seen within that many passes). {@link #calls()} counts libvirt calls that
 * reach the hypervisor (local accessors such as name or UUID of a listed object are not counted).
 */
public final class LibvirtDriver implements HypervisorDriver {
  private static final int BLOCK_RESIZE_BYTES = 1;

  private static final int UNDEFINE_MANAGED_SAVE_AND_SNAPSHOTS = 1 | 2;

  /** Checkpoint metadata (backups leave checkpoints); drivers without checkpoints refuse it. */
  private static final int UNDEFINE_CHECKPOINTS = 16;

  private static final int DOMAIN_XML_INACTIVE = 2;
  private static final long WATCH_POLL_MILLIS = 500;
  static final long OWN_WRITE_WINDOW_MILLIS = 2000;
  private static final long RELIST_EVERY_MILLIS = 5 * 60 * 1000L;
  private static final Duration BACKUP_JOB_TIMEOUT = Duration.ofHours(6);

  private final Hypervisor hypervisor;
  private volatile RawConnect connect;
  private final AtomicLong calls = new AtomicLong();
  private final BulkObserver observer;
  private final int fullRefreshEvery;
  private final Map<String, String> poolFormats = new ConcurrentHashMap<>();
  private long passes;
  private volatile HypervisorWatch watch;
  private boolean closed; // guarded by this
  private HypervisorObservation snapshot; // guarded by this
  private long snapshotGeneration; // guarded by this
  private final AtomicLong sharedSyncs = new AtomicLong();
  private final AtomicLong bulkReads = new AtomicLong();
  private final Map<String, Long> ownWrites = new ConcurrentHashMap<>();

  private final java.util.function.Supplier<RawConnect> opener;

  LibvirtDriver(Hypervisor hypervisor, RawConnect connect, int fullRefreshEvery) {
    this(hypervisor, connect, fullRefreshEvery, null);
  }

  /**
   * @param opener opens a new connection the way the first was opened (host key checks included);
   *     null: reopen {@code hypervisor.uri()} as it is
   */
  LibvirtDriver(
      Hypervisor hypervisor,
      RawConnect connect,
      int fullRefreshEvery,
      java.util.function.Supplier<RawConnect> opener) {
    this.opener = opener;
    this.hypervisor = hypervisor;
    this.connect = connect;
    this.fullRefreshEvery = fullRefreshEvery;
    this.observer = new BulkObserver(connect.pointer(), hypervisor.name(), calls);
  }

  @Override
  public String host() {
    return hypervisor.name();
  }

  /** libvirt calls made so far that reach the hypervisor (observe and actions). */
  public long calls() {
    return calls.get();
  }

  /** Makes the next {@link #observe()} re-read every object's XML. */
  public synchronized void refresh() {
    observer.invalidateAll();
  }

  /**
   * Subscribes to libvirt's events on this connection (see {@link HypervisorWatch}); from then on
   * {@link #observe()} first waits until the events libvirt sent before it have reached the cache.
   * The process's libvirt event loop must have been started before the connection was opened (the
   * factory does so). Calling it again replaces the listener.
   */
  @Override
  public void watch(dev.ringmaster.driver.spi.ChangeListener listener) {
    if (!EventLoop.enabled() || !EventLoop.started()) {
      return; // the change feed is off (see EventLoop.ENABLED_PROPERTY): passes observe as before
    }
    HypervisorWatch old;
    synchronized (this) {
      old = watch;
      watch = null;
    }
    if (old != null) {
      old.close(); // outside the lock: its poll may be waiting for it
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      HypervisorWatch w =
          new HypervisorWatch(
              this,
              observer,
              listener,
              hypervisor.storagePool(),
              this::openAgain,
              WATCH_POLL_MILLIS,
              RELIST_EVERY_MILLIS);
      w.register(connect.pointer());
      watch = w;
    }
  }

  /** How often the change feed replaced a lost connection (0 without a feed). */
  int watchReconnects() {
    HypervisorWatch w = watch;
    return w == null ? 0 : w.reconnects();
  }

  /** Restores over this connection; calls hold this driver's lock (see {@link LibvirtRestore}). */
  @Override
  public java.util.Optional<dev.ringmaster.driver.spi.RestoreDriver> restores() {
    return java.util.Optional.of(new LibvirtRestore(host(), () -> connect, this));
  }

  /** Backups over this connection; calls hold this driver's lock (see {@link LibvirtBackups}). */
  @Override
  public java.util.Optional<dev.ringmaster.driver.spi.BackupDriver> backups() {
    return java.util.Optional.of(
        new LibvirtBackups(host(), () -> connect, BACKUP_JOB_TIMEOUT, this));
  }

  @Override
  public java.util.Optional<String> watchProblem() {
    HypervisorWatch w = watch;
    return w == null ? java.util.Optional.empty() : w.problem();
  }

  /**
   * Whether the driver itself changed {@code object} (e.g. {@code domain web-1}) in the last
   * {@value #OWN_WRITE_WINDOW_MILLIS} ms or is changing it now: the events of its own writes are
   * not reported as hand-made changes.
   */
  boolean ownWrite(String object) {
    Long at = ownWrites.get(object);
    return at != null
        && System.nanoTime() - at
            < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(OWN_WRITE_WINDOW_MILLIS);
  }

  private void writing(String object) {
    observer.changed();
    ownWrites.put(object, System.nanoTime());
    if (ownWrites.size() > 10_000) {
      ownWrites.values().removeIf(at -> !(System.nanoTime() - at < 60_000_000_000L));
    }
  }

  boolean alive() {
    return LibvirtNative.INSTANCE.virConnectIsAlive(connect.pointer()) == 1;
  }

  private RawConnect openAgain() {
    if (opener != null) {
      return opener.get();
    }
    try {
      return new RawConnect(hypervisor.uri());
    } catch (LibvirtException e) {
      throw DriverException.transientFailure(
          host() + ": cannot reconnect to " + hypervisor.uri() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Swaps in a fresh connection after the old one was lost and drops every cached entry; returns
   * the environments owning objects the cache knew, so the caller can queue them for a pass.
   */
  synchronized java.util.Set<String> reconnected(RawConnect fresh) {
    if (closed) {
      try {
        fresh.close();
      } catch (LibvirtException | RuntimeException e) {
        // never used
      }
      throw new IllegalStateException(host() + ": driver closed");
    }
    java.util.Set<String> environments = observer.knownEnvironments(host());
    RawConnect old = connect;
    connect = fresh;
    observer.reconnected(fresh.pointer());
    try {
      old.close();
    } catch (LibvirtException | RuntimeException e) {
      // the old connection is gone either way
    }
    return environments;
  }

  /**
   * The hypervisor as libvirt holds it now. With the change feed up, one bulk read serves every
   * observation until something invalidates it (an event, a poll finding a change, the driver's own
   * write, the periodic relist, a reconnect): each observation first makes sure the cache is up to
   * the moment it is fresh as of ({@link #observe(long)}; a sync is 4 calls) and re-reads only if
   * anything changed. So a pass sees everything libvirt did before it was asked for and everything
   * the driver wrote, and a resync of every environment on this hypervisor costs one bulk read.
   * Without the feed every observation is a bulk read (the XML cache still spares unchanged
   * definitions).
   */
  @Override
  public HypervisorObservation observe() {
    return observe(System.nanoTime());
  }

  /**
   * {@link #observe()} fresh as of {@code freshAsOfNanos}: a sync of the feed that started after
   * that moment (another pass's, or the feed's own poll) already brought the cache up to it, so
   * passes asked for together share one sync instead of each listing the pool and the domain stats
   * again.
   */
  @Override
  public HypervisorObservation observe(long freshAsOfNanos) {
    synchronized (this) {
      return observeLocked(freshAsOfNanos);
    }
  }

  private HypervisorObservation observeLocked(long freshAsOf) {
    HypervisorWatch w = watch;
    if (w == null && !alive()) {
      reconnected(openAgain());
    }
    boolean fresh;
    if (w != null && w.syncedSince(freshAsOf)) {
      fresh = true;
      sharedSyncs.incrementAndGet();
    } else {
      fresh = w != null && w.sync(freshAsOf);
    }
    HypervisorObservation s = snapshot;
    if (fresh && s != null && snapshotGeneration == observer.generation()) {
      return s;
    }
    passes++;
    if (!fresh && fullRefreshEvery > 0 && passes % fullRefreshEvery == 0) {
      // without the feed nothing announces a definition edited by hand; the feed has its relist
      observer.invalidateAll();
    }
    long generation = observer.generation();
    HypervisorObservation read;
    try {
      read = observer.observe(hypervisor.storagePool());
    } catch (DriverException e) {
      if (w != null || alive()) {
        throw e;
      }
      // the connection broke since the last call (host or daemon restarted): open a new one once
      reconnected(openAgain());
      generation = observer.generation();
      read = observer.observe(hypervisor.storagePool());
    }
    return remember(read, generation, fresh);
  }

  /** Counts a bulk read taken at {@code generation}; keeps it for later passes when fresh. */
  private HypervisorObservation remember(
      HypervisorObservation read, long generation, boolean fresh) {
    bulkReads.incrementAndGet();
    snapshot = fresh ? read : null;
    snapshotGeneration = generation;
    return read;
  }

  /**
   * The feed's periodic relist: re-reads every object's definition now, on the feed's thread,
   * rather than leaving the next pass to pay for it, and returns the environments of owned domains
   * whose definition changed without libvirt announcing it (so the caller can report them).
   */
  synchronized java.util.Set<String> relist() {
    Map<UUID, ParsedDomain> before = observer.knownDomainsSnapshot();
    observer.invalidateAll();
    long generation = observer.generation();
    remember(observer.observe(hypervisor.storagePool()), generation, true);
    java.util.Set<String> changed = new java.util.TreeSet<>();
    before.forEach(
        (uuid, was) -> {
          ParsedDomain now = observer.knownDomain(uuid);
          if (now != null
              && !now.equals(was)
              && was.owner() != null
              && host().equals(was.owner().host())) {
            changed.add(was.owner().environment());
          }
        });
    changed.remove("");
    return changed;
  }

  /** Observations served by a sync that started after the moment they were fresh as of. */
  public long sharedSyncs() {
    return sharedSyncs.get();
  }

  /** Bulk reads of the whole hypervisor made so far. */
  public long bulkReads() {
    return bulkReads.get();
  }

  @Override
  public synchronized void ensureNetwork(NetworkResource network) {
    writing("network " + network.name());
    try {
      String object = "network " + network.name();
      try (Handles handles = new Handles()) {
        ensureNetwork(network, object, handles);
      }
    } finally {
      writing("network " + network.name());
    }
  }

  private void ensureNetwork(NetworkResource network, String object, Handles handles) {
    Network existing = handles.track(lookupNetwork(network.name()));
    if (existing != null) {
      requireOwned(object, networkOwner(existing, object));
      String bridge = call(object, existing::getBridgeName);
      if (bridge.equals(network.bridge()) && call(object, existing::isActive) == 1) {
        return;
      }
    }
    String xml = NetworkXml.of(network);
    Network net = handles.track(call(object, () -> connect.networkDefineXML(xml)));
    UUID uuid = UUID.fromString(call(object, net::getUUIDString));
    observer.defined(uuid, ParsedNetwork.parse(xml));
    observer.invalidate(uuid);
    call(object, () -> set(() -> net.setAutostart(true)));
    if (call(object, net::isActive) != 1) {
      call(object, () -> set(net::create));
    }
  }

  @Override
  public synchronized void deleteNetwork(String name) {
    writing("network " + name);
    try {
      String object = "network " + name;
      try (Handles handles = new Handles()) {
        Network net = handles.track(lookupNetwork(name));
        if (net == null) {
          return;
        }
        requireOwned(object, networkOwner(net, object));
        observer.invalidate(UUID.fromString(call(object, net::getUUIDString)));
        if (call(object, net::isActive) == 1) {
          call(object, () -> set(net::destroy));
        }
        call(object, () -> set(net::undefine));
      }
    } finally {
      writing("network " + name);
    }
  }

  @Override
  public synchronized void ensureVolume(VolumeResource volume) {
    String object = "volume " + volume.pool() + "/" + volume.name();
    if (!volume.name().equals(volume.role().volumeName(volume.vm()))) {
      throw DriverException.terminal(
          host() + ": " + object + " is not named for disk " + volume.role() + " of " + volume.vm(),
          null);
    }
    try (Handles handles = new Handles()) {
      ensureVolume(volume, object, handles);
    }
  }

  private void ensureVolume(VolumeResource volume, String object, Handles handles) {
    Domain domain = handles.track(ownedDomainOrNull(volume.vm()));
    observer.invalidateVolume(volume.name());
    StoragePool pool = handles.track(pool(volume.pool()));
    StorageVol vol = handles.track(lookupVolume(pool, volume.name(), object));
    if (vol == null) {
      vol = handles.track(createVolume(pool, volume, object, handles));
    }
    long have = call(object, vol::getInfo).capacity;
    long want = volume.capacity().bytes();
    if (want < have) {
      throw DriverException.terminal(
          host() + ": " + object + " has " + have + " bytes; refusing to shrink it to " + want,
          null);
    }
    if (want > have) {
      grow(domain, vol, want, object);
    }
  }

  @Override
  public void writeSeed(String poolName, String name, byte[] image) {
    writeSeed(poolName, name, SeedImage.of(image));
  }

  @Override
  public synchronized void writeSeed(String poolName, String name, SeedImage image) {
    String object = "seed volume " + poolName + "/" + name;
    String vm = VolumeNames.vmOf(name);
    if (vm == null || !name.equals(DiskRole.SEED.volumeName(vm))) {
      throw DriverException.terminal(
          host() + ": " + object + " is not a seed volume name; refusing to write it", null);
    }
    try (Handles handles = new Handles()) {
      handles.track(ownedDomainOrNull(vm));
      observer.invalidateVolume(name);
      StoragePool pool = handles.track(pool(poolName));
      StorageVol old = handles.track(lookupVolume(pool, name, object));
      if (old != null) {
        call(object, () -> set(() -> old.delete(0)));
      }
      String format = diskFormatOrNull(poolName, handles) == null ? null : "raw";
      String xml = VolumeXml.of(name, image.size(), format);
      StorageVol vol = handles.track(call(object, () -> pool.storageVolCreateXML(xml, 0)));
      SeedUpload.upload(connect, vol, image, object, host(), calls, hypervisor.uri());
    }
  }

  @Override
  public synchronized void deleteVolume(String poolName, String name) {
    writing("volume " + name);
    try {
      String object = "volume " + poolName + "/" + name;
      String vm = VolumeNames.vmOf(name);
      if (vm == null) {
        throw DriverException.terminal(
            host() + ": " + object + " is not a VM disk name; refusing to delete it", null);
      }
      try (Handles handles = new Handles()) {
        handles.track(ownedDomainOrNull(vm));
        observer.invalidateVolume(name);
        StorageVol vol = handles.track(lookupVolume(handles.track(pool(poolName)), name, object));
        if (vol != null) {
          call(object, () -> set(() -> vol.delete(0)));
        }
      }
    } finally {
      writing("volume " + name);
    }
  }

  @Override
  public synchronized void defineDomain(DomainResource domain) {
    writing("domain " + domain.name());
    try {
      String object = "domain " + domain.name();
      try (Handles handles = new Handles()) {
        handles.track(ownedDomainOrNull(domain.name()));
        String xml = DomainXml.of(domain, hypervisor, diskFormat(firstPool(domain), handles));
        handles.track(call(object, () -> connect.domainDefineXML(xml)));
        observer.defined(domain.uuid(), ParsedDomain.parse(xml));
      }
      observer.invalidate(domain.uuid());
    } finally {
      writing("domain " + domain.name());
    }
  }

  @Override
  public synchronized void startDomain(String name) {
    writing("domain " + name);
    try {
      String object = "domain " + name;
      try (Handles handles = new Handles()) {
        Domain domain = handles.track(ownedDomainOrNull(name));
        if (domain == null) {
          throw DriverException.terminal(host() + ": " + object + " is not defined", null);
        }
        if (call(object, domain::isActive) != 1) {
          call(object, domain::create);
        }
      }
    } finally {
      writing("domain " + name);
    }
  }

  @Override
  public synchronized void shutdownDomain(String name, Duration timeout) {
    writing("domain " + name);
    try {
      try (Handles handles = new Handles()) {
        Domain domain = handles.track(ownedDomainOrNull(name));
        if (domain != null) {
          new Shutdown(domain, "domain " + name).run(timeout);
        }
      }
    } finally {
      writing("domain " + name);
    }
  }

  @Override
  public synchronized void deleteDomain(String name, Duration shutdownTimeout) {
    writing("domain " + name);
    try {
      String object = "domain " + name;
      try (Handles handles = new Handles()) {
        Domain domain = handles.track(ownedDomainOrNull(name));
        if (domain == null) {
          return;
        }
        new Shutdown(domain, object).run(shutdownTimeout);
        UUID uuid = UUID.fromString(call(object, domain::getUUIDString));
        call(object, () -> set(() -> undefine(domain)));
        observer.invalidate(uuid);
      }
    } finally {
      writing("domain " + name);
    }
  }

  /**
   * Deregisters the change feed's callbacks, then closes the connection: libvirt keeps a connection
   * with registered callbacks alive and dispatching to them after {@code virConnectClose}.
   */
  @Override
  public void close() {
    HypervisorWatch w;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      w = watch;
      watch = null;
    }
    if (w != null) {
      w.close(); // outside the lock: its poll may be waiting for it
    }
    synchronized (this) {
      try {
        connect.close();
      } catch (LibvirtException | RuntimeException e) {
        // closing is best effort: the connection is gone either way
      }
    }
  }

  private final class Shutdown {
    private final Domain domain;
    private final String object;

    Shutdown(Domain domain, String object) {
      this.domain = domain;
      this.object = object;
    }

    void run(Duration timeout) {
      if (!active()) {
        return;
      }
      ignoringNotRunning(domain::shutdown);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (active() && System.nanoTime() < deadline) {
        sleep();
      }
      if (active()) {
        ignoringNotRunning(domain::destroy);
      }
    }

    private boolean active() {
      return call(object, domain::isActive) == 1;
    }

    private void ignoringNotRunning(LibvirtAction action) {
      try {
        calls.incrementAndGet();
        action.run();
      } catch (LibvirtException e) {
        if (!LibvirtErrors.isNotRunning(e)) {
          throw failure(object, e);
        }
      }
    }

    private void sleep() {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw DriverException.transientFailure(host() + ": interrupted shutting down " + object, e);
      }
    }
  }

  private void grow(Domain domain, StorageVol vol, long want, String object) {
    String target = domain == null ? null : new LiveDisks(domain, object).targetOf(vol);
    if (target != null) {
      call(object, () -> set(() -> domain.blockResize(target, want, BLOCK_RESIZE_BYTES)));
    } else {
      call(object, () -> vol.resize(want, 0));
    }
  }

  private final class LiveDisks {
    private final Domain domain;
    private final String object;

    LiveDisks(Domain domain, String object) {
      this.domain = domain;
      this.object = object;
    }

    String targetOf(StorageVol vol) {
      if (call(object, domain::isActive) != 1) {
        return null;
      }
      String path = call(object, vol::getPath);
      String name = call(object, vol::getName);
      String xml = call(object, () -> domain.getXMLDesc(0));
      return ParsedDomain.parse(xml).disks().stream()
          .filter(d -> d.volume().equals(name) || d.volume().equals(path))
          .map(d -> d.target())
          .findFirst()
          .orElse(null);
    }
  }

  private StorageVol createVolume(
      StoragePool pool, VolumeResource v, String object, Handles handles) {
    String xml = VolumeXml.of(v.name(), v.capacity().bytes(), diskFormatOrNull(v.pool(), handles));
    if (v.role() == dev.ringmaster.driver.spi.DiskRole.ROOT && v.baseImage() != null) {
      String baseObject = "base image " + v.pool() + "/" + v.baseImage();
      StorageVol base =
          handles.track(call(baseObject, () -> pool.storageVolLookupByName(v.baseImage())));
      return call(object, () -> pool.storageVolCreateXMLFrom(xml, base, 0));
    }
    return call(object, () -> pool.storageVolCreateXML(xml, 0));
  }

  private String firstPool(DomainResource d) {
    return d.disks().isEmpty() ? hypervisor.storagePool() : d.disks().get(0).pool();
  }

  private String diskFormat(String poolName, Handles handles) {
    String format = diskFormatOrNull(poolName, handles);
    return format == null ? "raw" : format;
  }

  private String diskFormatOrNull(String poolName, Handles handles) {
    String format =
        poolFormats.computeIfAbsent(
            poolName,
            p -> {
              StoragePool pool = handles.track(pool(p));
              String xml = call("storage pool " + p, () -> pool.getXMLDesc(0));
              String type = Xml.parse(xml).getDocumentElement().getAttribute("type");
              return VolumeNames.fileBasedPool(type) ? "qcow2" : "";
            });
    return format.isEmpty() ? null : format;
  }

  private StoragePool pool(String name) {
    return call("storage pool " + name, () -> connect.storagePoolLookupByName(name));
  }

  private StorageVol lookupVolume(StoragePool pool, String name, String object) {
    return orNullIfMissing(object, () -> pool.storageVolLookupByName(name));
  }

  private Network lookupNetwork(String name) {
    return orNullIfMissing("network " + name, () -> connect.networkLookupByName(name));
  }

  private Ownership networkOwner(Network net, String object) {
    return ParsedNetwork.parse(call(object, () -> net.getXMLDesc(0))).owner();
  }

  /** The domain if it exists and is owned by this host, null if missing; terminal if foreign. */
  private Domain ownedDomainOrNull(String name) {
    String object = "domain " + name;
    Domain domain = orNullIfMissing(object, () -> connect.domainLookupByName(name));
    if (domain != null) {
      String xml = call(object, () -> domain.getXMLDesc(DOMAIN_XML_INACTIVE));
      requireOwned(object, Xml.ownership(Xml.parse(xml)));
    }
    return domain;
  }

  private void requireOwned(String object, Ownership owner) {
    if (owner == null || !host().equals(owner.host())) {
      throw LibvirtErrors.foreign(host(), object);
    }
  }

  private <T> T orNullIfMissing(String object, LibvirtCall<T> c) {
    try {
      calls.incrementAndGet();
      return c.run();
    } catch (LibvirtException e) {
      if (LibvirtErrors.isMissing(e)) {
        return null;
      }
      throw failure(object, e);
    }
  }

  /**
   * A failed call as a {@link DriverException}: retryable whatever libvirt's error code when the
   * connection is gone (a remote host that went away reports an internal error over SSH), since the
   * next observe reconnects.
   */
  private DriverException failure(String object, LibvirtException e) {
    if (!alive()) {
      return DriverException.transientFailure(
          host() + ": " + object + ": the connection to the hypervisor was lost: " + e.getMessage(),
          e);
    }
    return LibvirtErrors.map(host(), object, e);
  }

  private <T> T call(String object, LibvirtCall<T> c) {
    try {
      calls.incrementAndGet();
      return c.run();
    } catch (LibvirtException e) {
      throw failure(object, e);
    }
  }

  private static void undefine(Domain domain) throws LibvirtException {
    try {
      domain.undefine(UNDEFINE_MANAGED_SAVE_AND_SNAPSHOTS | UNDEFINE_CHECKPOINTS);
    } catch (LibvirtException e) {
      if (e.getError() == null
          || e.getError().getCode() != org.libvirt.Error.ErrorNumber.VIR_ERR_INVALID_ARG) {
        throw e;
      }
      domain.undefine(UNDEFINE_MANAGED_SAVE_AND_SNAPSHOTS);
    }
  }

  private static Boolean set(LibvirtAction action) throws LibvirtException {
    action.run();
    return Boolean.TRUE;
  }

  @FunctionalInterface
  interface LibvirtCall<T> {
    T run() throws LibvirtException;
  }

  @FunctionalInterface
  interface LibvirtAction {
    void run() throws LibvirtException;
  }
}
