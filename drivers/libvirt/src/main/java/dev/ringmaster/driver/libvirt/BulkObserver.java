package dev.ringmaster.driver.libvirt;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.model.Size;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.libvirt.Error.ErrorNumber;
import org.w3c.dom.Element;

/**
 * Reads a whole hypervisor with libvirt's bulk calls. Per pass: {@code virConnectListAllDomains}
 * and {@code virConnectGetAllDomainStats} (state) for domains; {@code virConnectListAllNetworks}
 * twice (active, inactive) for networks; pool lookup, pool XML and {@code
 * virStoragePoolListAllVolumes} for volumes. libvirt has no bulk call for volume sizes, so {@code
 * virStorageVolGetInfo} runs only for volumes whose size is not cached, as persistent domain and
 * network XML is fetched only for objects whose UUID is not cached: a steady-state pass makes a
 * constant number of calls, however many VMs the host carries. The owner invalidates entries it
 * changes itself; entries of objects that disappear are dropped. Not thread-safe; the driver
 * serialises access.
 */
final class BulkObserver {
  private static final int DOMAIN_XML_INACTIVE = 2;
  private static final int NETWORK_XML_LIVE = 0;
  private static final int NETWORKS_INACTIVE = 1;
  private static final int NETWORKS_ACTIVE = 2;
  private static final int STATS_STATE = 1;
  private static final int STATS_BALLOON = 4;
  private static final int STATS_VCPU = 8;
  private static final int TYPED_PARAM_SIZE = 96;

  private final LibvirtNative lib = LibvirtNative.INSTANCE;
  private volatile Pointer conn;
  private final String host;
  private final AtomicLong calls;
  private final Map<UUID, ParsedDomain> domainCache = new ConcurrentHashMap<>();
  private final Map<UUID, ParsedNetwork> networkCache = new ConcurrentHashMap<>();
  private final Map<String, ObservedVolume> volumeCache = new ConcurrentHashMap<>();
  private final Map<String, UUID> domainsByName = new ConcurrentHashMap<>();
  private final Map<UUID, ParsedDomain> knownDomains = new ConcurrentHashMap<>();
  private final Map<UUID, ParsedNetwork> knownNetworks = new ConcurrentHashMap<>();
  private final Map<UUID, String> fingerprints = new ConcurrentHashMap<>();

  BulkObserver(Pointer conn, String host, AtomicLong calls) {
    this.conn = conn;
    this.host = host;
    this.calls = calls;
  }

  /** Points the observer at a new connection (after a reconnect); drops every cached entry. */
  void reconnected(Pointer conn) {
    this.conn = conn;
    invalidateAll();
  }

  /**
   * The last parse of a domain's XML, also after an event or a write dropped it from the cache
   * (until the next listing no longer shows the domain): an event must still find the owner of a
   * domain whose cached XML a late event of the driver's own write has dropped. Null when the
   * domain was never observed.
   */
  ParsedDomain knownDomain(UUID uuid) {
    return knownDomains.get(uuid);
  }

  /** The name the domain {@code uuid} had when last observed; null when unknown. */
  String domainName(UUID uuid) {
    for (Map.Entry<String, UUID> e : domainsByName.entrySet()) {
      if (uuid.equals(e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * Remembers what the driver itself just defined, before any observation lists it: a hand-made
   * change of a domain created by a pass that no later observation has read is reported too.
   */
  void defined(UUID uuid, ParsedDomain parsed) {
    knownDomains.put(uuid, parsed);
  }

  /** As {@link #defined(UUID, ParsedDomain)} for a network. */
  void defined(UUID uuid, ParsedNetwork parsed) {
    knownNetworks.put(uuid, parsed);
  }

  /** As {@link #knownDomain} for a network. */
  ParsedNetwork knownNetwork(UUID uuid) {
    return knownNetworks.get(uuid);
  }

  /** The owner of the domain named {@code name} as last observed; null when unknown or unmarked. */
  dev.ringmaster.driver.spi.Ownership ownerOfDomain(String name) {
    UUID uuid = domainsByName.get(name);
    ParsedDomain p = uuid == null ? null : knownDomains.get(uuid);
    return p == null ? null : p.owner();
  }

  /** The environments of objects in the cache marked for {@code host}. */
  Set<String> knownEnvironments(String host) {
    Set<String> out = new HashSet<>();
    for (ParsedDomain p : domainCache.values()) {
      if (p != null && p.owner() != null && host.equals(p.owner().host())) {
        out.add(p.owner().environment());
      }
    }
    out.remove("");
    return out;
  }

  /** Names of the volumes seen by the last observation. */
  Set<String> knownVolumes() {
    return Set.copyOf(volumeCache.keySet());
  }

  /**
   * Names of the volumes now in {@code poolName}: one listing of names (no volume objects, no
   * per-volume calls), so the feed can poll a pool of thousands of volumes twice a second cheaply.
   */
  Set<String> listVolumeNames(String poolName) {
    calls.incrementAndGet();
    Pointer pool = lib.virStoragePoolLookupByName(conn, poolName);
    if (pool == null) {
      throw LibvirtErrors.fromNative(host, "storage pool " + poolName);
    }
    try {
      int room = volumeCache.size() + 256; // grown and listed again when the pool has more
      while (true) {
        try (Memory names = new Memory((long) room * Native.POINTER_SIZE)) {
          names.clear();
          int n =
              counted(lib.virStoragePoolListVolumes(pool, names, room), "volumes of " + poolName);
          Set<String> out = new HashSet<>(Math.max(16, n * 2));
          for (Pointer name : names.getPointerArray(0, n)) {
            out.add(name.getString(0, StandardCharsets.UTF_8.name()));
            Native.free(Pointer.nativeValue(name));
          }
          if (n < room) {
            return out;
          }
          room *= 2;
        }
      }
    } finally {
      lib.virStoragePoolFree(pool);
    }
  }

  /** One round trip on the connection: replies come after every event libvirt sent before. */
  void roundTrip() {
    calls.incrementAndGet();
    lib.virConnectGetLibVersion(conn, new com.sun.jna.ptr.LongByReference());
  }

  /** The last parse of every domain observed, by UUID (see {@link #knownDomain}). */
  Map<UUID, ParsedDomain> knownDomainsSnapshot() {
    return Map.copyOf(knownDomains);
  }

  /**
   * Bumped by every invalidation: an observation taken while this stayed the same is still what
   * libvirt holds, as far as events, polls and the driver's own writes can tell.
   */
  private final java.util.concurrent.atomic.AtomicLong generation =
      new java.util.concurrent.atomic.AtomicLong();

  long generation() {
    return generation.get();
  }

  /** Marks every earlier observation as stale without dropping cached XML. */
  void changed() {
    generation.incrementAndGet();
  }

  void invalidate(UUID uuid) {
    generation.incrementAndGet();
    domainCache.remove(uuid);
    networkCache.remove(uuid);
  }

  void invalidateVolume(String name) {
    generation.incrementAndGet();
    volumeCache.remove(name);
  }

  void invalidateAll() {
    generation.incrementAndGet();
    domainCache.clear();
    networkCache.clear();
    volumeCache.clear();
  }

  HypervisorObservation observe(String pool) {
    return new HypervisorObservation(host, networks(), volumes(pool), domains());
  }

  private List<ObservedDomain> domains() {
    PointerByReference ref = new PointerByReference();
    int n = counted(lib.virConnectListAllDomains(conn, ref, 0), "domains");
    Pointer[] doms = n == 0 ? new Pointer[0] : ref.getValue().getPointerArray(0, n);
    try {
      Map<UUID, Stat> states = domainStates();
      List<ObservedDomain> out = new ArrayList<>();
      Set<UUID> seen = new HashSet<>();
      for (Pointer dom : doms) {
        UUID uuid = domainUuid(dom);
        seen.add(uuid);
        Stat stat = states.get(uuid);
        String fingerprint = stat == null ? "" : stat.fingerprint();
        if (!fingerprint.equals(fingerprints.put(uuid, fingerprint))) {
          // memory or vCPU count changed without an event (e.g. virsh setmaxmem --config)
          domainCache.remove(uuid);
        }
        ParsedDomain p = domainCache.computeIfAbsent(uuid, u -> fetchDomain(dom));
        if (p != null) {
          knownDomains.put(uuid, p);
        }
        domainsByName.put(lib.virDomainGetName(dom), uuid);
        if (p != null && (p.owner() == null || host.equals(p.owner().host()))) {
          DomainState state = stat == null ? DomainState.OTHER : stat.state();
          out.add(
              new ObservedDomain(
                  lib.virDomainGetName(dom),
                  uuid,
                  state,
                  p.memory(),
                  p.cores(),
                  p.disks(),
                  p.nics(),
                  p.owner()));
        }
      }
      domainCache.keySet().retainAll(seen);
      knownDomains.keySet().retainAll(seen);
      domainsByName.values().retainAll(seen);
      fingerprints.keySet().retainAll(seen);
      return out;
    } finally {
      for (Pointer dom : doms) {
        lib.virDomainFree(dom);
      }
      freeArray(ref, n);
    }
  }

  /** The parsed persistent XML; null when the domain vanished since it was listed. */
  private ParsedDomain fetchDomain(Pointer dom) {
    calls.incrementAndGet();
    Pointer xml = lib.virDomainGetXMLDesc(dom, DOMAIN_XML_INACTIVE);
    if (xml == null && LibvirtErrors.lastNativeError() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
      return null;
    }
    return ParsedDomain.parse(takeString(xml, "domain " + lib.virDomainGetName(dom)));
  }

  private UUID domainUuid(Pointer dom) {
    byte[] buf = new byte[37];
    lib.virDomainGetUUIDString(dom, buf);
    return UUID.fromString(new String(buf, 0, 36, StandardCharsets.US_ASCII));
  }

  /**
   * Each domain's memory and vCPU maximum, in one call ({@code virConnectGetAllDomainStats}): they
   * change with the definition, also where libvirt sends no event ({@code virsh setmaxmem --config}
   * of a stopped domain).
   */
  Map<UUID, String> domainFingerprints() {
    Map<UUID, String> out = new HashMap<>();
    domainStates().forEach((uuid, stat) -> out.put(uuid, stat.fingerprint()));
    return out;
  }

  /** Run state plus the memory and vCPU maximum, which change with the definition. */
  private record Stat(DomainState state, String fingerprint) {}

  private Map<UUID, Stat> domainStates() {
    PointerByReference ref = new PointerByReference();
    int n =
        counted(
            lib.virConnectGetAllDomainStats(conn, STATS_STATE | STATS_BALLOON | STATS_VCPU, ref, 0),
            "domain stats");
    Map<UUID, Stat> out = new HashMap<>();
    if (n == 0) {
      return out;
    }
    try {
      for (Pointer rec : ref.getValue().getPointerArray(0, n)) {
        out.put(domainUuid(rec.getPointer(0)), statOf(rec));
      }
    } finally {
      lib.virDomainStatsRecordListFree(ref.getValue());
    }
    return out;
  }

  private static Stat statOf(Pointer record) {
    Pointer params = record.getPointer(Native.POINTER_SIZE);
    int count = record.getInt(2L * Native.POINTER_SIZE);
    DomainState state = DomainState.OTHER;
    long maxMemory = -1;
    long maxVcpus = -1;
    for (int i = 0; i < count; i++) {
      long base = (long) i * TYPED_PARAM_SIZE;
      switch (params.getString(base)) {
        case "state.state" ->
            state =
                switch (params.getInt(base + 88)) {
                  case 1 -> DomainState.RUNNING;
                  case 3 -> DomainState.PAUSED;
                  case 5 -> DomainState.SHUTOFF;
                  default -> DomainState.OTHER;
                };
        case "balloon.maximum" -> maxMemory = params.getLong(base + 88);
        case "vcpu.maximum" -> maxVcpus = params.getInt(base + 88);
        default -> {}
      }
    }
    return new Stat(state, maxMemory + "/" + maxVcpus);
  }

  private List<ObservedNetwork> networks() {
    List<ObservedNetwork> out = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    listNetworks(NETWORKS_ACTIVE, true, out, seen);
    listNetworks(NETWORKS_INACTIVE, false, out, seen);
    networkCache.keySet().retainAll(seen);
    knownNetworks.keySet().retainAll(seen);
    return out;
  }

  private void listNetworks(int flags, boolean active, List<ObservedNetwork> out, Set<UUID> seen) {
    PointerByReference ref = new PointerByReference();
    int n = counted(lib.virConnectListAllNetworks(conn, ref, flags), "networks");
    Pointer[] nets = n == 0 ? new Pointer[0] : ref.getValue().getPointerArray(0, n);
    try {
      for (Pointer net : nets) {
        byte[] buf = new byte[37];
        lib.virNetworkGetUUIDString(net, buf);
        UUID uuid = UUID.fromString(new String(buf, 0, 36, StandardCharsets.US_ASCII));
        seen.add(uuid);
        ParsedNetwork p = networkCache.computeIfAbsent(uuid, u -> fetchNetwork(net));
        if (p != null) {
          knownNetworks.put(uuid, p);
        }
        if (p != null && (p.owner() == null || host.equals(p.owner().host()))) {
          out.add(new ObservedNetwork(lib.virNetworkGetName(net), p.bridge(), active, p.owner()));
        }
      }
    } finally {
      for (Pointer net : nets) {
        lib.virNetworkFree(net);
      }
      freeArray(ref, n);
    }
  }

  /** The parsed XML; null when the network vanished since it was listed. */
  private ParsedNetwork fetchNetwork(Pointer net) {
    calls.incrementAndGet();
    Pointer xml = lib.virNetworkGetXMLDesc(net, NETWORK_XML_LIVE);
    if (xml == null && LibvirtErrors.lastNativeError() == ErrorNumber.VIR_ERR_NO_NETWORK) {
      return null;
    }
    return ParsedNetwork.parse(takeString(xml, "network " + lib.virNetworkGetName(net)));
  }

  private List<ObservedVolume> volumes(String poolName) {
    calls.incrementAndGet();
    Pointer pool = lib.virStoragePoolLookupByName(conn, poolName);
    if (pool == null) {
      throw LibvirtErrors.fromNative(host, "storage pool " + poolName);
    }
    try {
      calls.incrementAndGet();
      Element poolXml =
          Xml.parse(takeString(lib.virStoragePoolGetXMLDesc(pool, 0), "pool " + poolName))
              .getDocumentElement();
      String dir =
          VolumeNames.fileBasedPool(poolXml.getAttribute("type"))
              ? Xml.text(poolXml, "path")
              : null;
      return listVolumes(pool, poolName, dir);
    } finally {
      lib.virStoragePoolFree(pool);
    }
  }

  private List<ObservedVolume> listVolumes(Pointer pool, String poolName, String dir) {
    PointerByReference ref = new PointerByReference();
    int n = counted(lib.virStoragePoolListAllVolumes(pool, ref, 0), "volumes of " + poolName);
    Pointer[] vols = n == 0 ? new Pointer[0] : ref.getValue().getPointerArray(0, n);
    List<ObservedVolume> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (Memory info = new Memory(24)) {
      for (Pointer vol : vols) {
        String name = lib.virStorageVolGetName(vol);
        seen.add(name);
        out.add(
            volumeCache.computeIfAbsent(
                name,
                v -> {
                  counted(lib.virStorageVolGetInfo(vol, info), "volume " + name);
                  String path = dir != null ? dir + "/" + name : volumePath(vol, name);
                  return new ObservedVolume(poolName, name, new Size(info.getLong(8)), path);
                }));
      }
      volumeCache.keySet().retainAll(seen);
    } finally {
      for (Pointer vol : vols) {
        lib.virStorageVolFree(vol);
      }
      freeArray(ref, n);
    }
    return out;
  }

  private String volumePath(Pointer vol, String name) {
    calls.incrementAndGet();
    return takeString(lib.virStorageVolGetPath(vol), "volume " + name);
  }

  private int counted(int result, String what) {
    calls.incrementAndGet();
    if (result < 0) {
      throw LibvirtErrors.fromNative(host, what);
    }
    return result;
  }

  private String takeString(Pointer p, String what) {
    if (p == null) {
      throw LibvirtErrors.fromNative(host, what);
    }
    try {
      return p.getString(0, StandardCharsets.UTF_8.name());
    } finally {
      Native.free(Pointer.nativeValue(p));
    }
  }

  private static void freeArray(PointerByReference ref, int n) {
    if (n >= 0 && ref.getValue() != null) {
      Native.free(Pointer.nativeValue(ref.getValue()));
    }
  }
}
