package dev.ringmaster.driver.libvirt;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.validate.HypervisorUris;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.libvirt.LibvirtException;

/**
 * Reads the runtime statistics of every domain of one hypervisor with ONE {@code
 * virConnectGetAllDomainStats} call (state, CPU time, balloon, vCPUs, interfaces, block devices),
 * summed per domain so that each domain yields a fixed number of values whatever its devices.
 * Groups the hypervisor's driver does not support are left at zero (the call does not enforce
 * them). Holds its own connection, opened lazily and reopened after a failure. Thread-safe: reads
 * are serialised.
 */
public final class DomainStatsReader implements AutoCloseable {
  private static final int STATS =
      1 /* STATE */
          | 2 /* CPU_TOTAL */
          | 4 /* BALLOON */
          | 8 /* VCPU */
          | 16 /* INTERFACE */
          | 32 /* BLOCK */;
  private static final int TYPED_PARAM_SIZE = 96;
  private static final int TYPE_OFFSET = 80;
  private static final int VALUE_OFFSET = 88;

  /**
   * One domain's statistics: libvirt's {@code state.state} code (1 running, 3 paused, 5 shut off),
   * CPU time in nanoseconds, current vCPUs, balloon memory (current and maximum) and RSS in KiB,
   * and block and network counters summed over the domain's devices. Immutable.
   */
  public record DomainStats(
      String name,
      int state,
      long cpuTimeNanos,
      long vcpus,
      long memoryKib,
      long maxMemoryKib,
      long rssKib,
      long blockReadBytes,
      long blockWriteBytes,
      long blockReadRequests,
      long blockWriteRequests,
      long netRxBytes,
      long netTxBytes,
      long netRxPackets,
      long netTxPackets) {}

  private final String host;
  private final String uri;
  private final String hostKey;
  private final HypervisorSettings settings;
  private RawConnect connect;

  /** A reader of {@code uri} with no pinned host key and default settings. */
  public DomainStatsReader(String host, String uri) {
    this(host, uri, null, HypervisorSettings.defaults());
  }

  /**
   * A reader of {@code hypervisor}, connecting as the driver does: {@code qemu+libssh://} URIs with
   * the host key pinned by {@code hypervisor.hostKey()} or {@code settings}' store, refused forms
   * refused.
   */
  public DomainStatsReader(Hypervisor hypervisor, HypervisorSettings settings) {
    this(hypervisor.name(), hypervisor.uri(), hypervisor.hostKey(), settings);
  }

  private DomainStatsReader(String host, String uri, String hostKey, HypervisorSettings settings) {
    this.host = host;
    this.uri = uri;
    this.hostKey = hostKey;
    this.settings = settings;
  }

  /**
   * Every domain's statistics, from one bulk call.
   *
   * @throws DriverException when the hypervisor cannot be reached or the call fails
   */
  public synchronized List<DomainStats> read() {
    Pointer conn = connection();
    LibvirtNative lib = LibvirtNative.INSTANCE;
    PointerByReference ref = new PointerByReference();
    int n = lib.virConnectGetAllDomainStats(conn, STATS, ref, 0);
    if (n < 0) {
      DriverException e = LibvirtErrors.fromNative(host, "domain statistics");
      close();
      throw e;
    }
    List<DomainStats> out = new ArrayList<>(n);
    if (n == 0) {
      return out;
    }
    try {
      for (Pointer record : ref.getValue().getPointerArray(0, n)) {
        out.add(stats(lib.virDomainGetName(record.getPointer(0)), params(record)));
      }
    } finally {
      lib.virDomainStatsRecordListFree(ref.getValue());
    }
    return out;
  }

  private Pointer connection() {
    if (connect == null) {
      HypervisorUris.problem(uri)
          .ifPresent(
              p -> {
                throw DriverException.terminal(
                    host + ": refusing " + uri + ": " + p.message(), null);
              });
      try {
        connect =
            HypervisorUris.pinsHostKey(uri)
                ? PinnedSshConnect.open(host, uri, hostKey, settings)
                : new RawConnect(uri);
      } catch (LibvirtException e) {
        throw LibvirtErrors.map(host, "connection", e);
      }
    }
    return connect.pointer();
  }

  /** The record's typed parameters that are numbers, by field name. */
  private static Map<String, Long> params(Pointer record) {
    Pointer params = record.getPointer(Native.POINTER_SIZE);
    int count = record.getInt(2L * Native.POINTER_SIZE);
    Map<String, Long> out = new HashMap<>();
    for (int i = 0; i < count; i++) {
      long base = (long) i * TYPED_PARAM_SIZE;
      String field = params.getString(base);
      switch (params.getInt(base + TYPE_OFFSET)) {
        case 1, 2 -> out.put(field, Integer.toUnsignedLong(params.getInt(base + VALUE_OFFSET)));
        case 3, 4 -> out.put(field, params.getLong(base + VALUE_OFFSET));
        case 5 -> out.put(field, (long) params.getDouble(base + VALUE_OFFSET));
        case 6 -> out.put(field, (long) params.getByte(base + VALUE_OFFSET));
        default -> {
          // strings (device names, paths) are not metrics
        }
      }
    }
    return out;
  }

  private static DomainStats stats(String name, Map<String, Long> p) {
    return new DomainStats(
        name,
        p.getOrDefault("state.state", 0L).intValue(),
        p.getOrDefault("cpu.time", 0L),
        p.getOrDefault("vcpu.current", 0L),
        p.getOrDefault("balloon.current", 0L),
        p.getOrDefault("balloon.maximum", 0L),
        p.getOrDefault("balloon.rss", 0L),
        sum(p, "block.", ".rd.bytes"),
        sum(p, "block.", ".wr.bytes"),
        sum(p, "block.", ".rd.reqs"),
        sum(p, "block.", ".wr.reqs"),
        sum(p, "net.", ".rx.bytes"),
        sum(p, "net.", ".tx.bytes"),
        sum(p, "net.", ".rx.pkts"),
        sum(p, "net.", ".tx.pkts"));
  }

  private static long sum(Map<String, Long> p, String prefix, String suffix) {
    long total = 0;
    for (Map.Entry<String, Long> e : p.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(prefix)
          && k.endsWith(suffix)
          && k.substring(prefix.length(), k.length() - suffix.length()).matches("\\d+")) {
        total += e.getValue();
      }
    }
    return total;
  }

  @Override
  public synchronized void close() {
    if (connect != null) {
      try {
        connect.close();
      } catch (LibvirtException e) {
        // a broken connection is gone anyway
      }
      connect = null;
    }
  }
}
