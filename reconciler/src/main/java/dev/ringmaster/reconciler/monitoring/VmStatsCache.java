package dev.ringmaster.reconciler.monitoring;

import dev.ringmaster.driver.libvirt.DomainStatsReader;
import dev.ringmaster.driver.libvirt.DomainStatsReader.DomainStats;
import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.model.Hypervisor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last domain statistics of each hypervisor, read with one bulk call and kept for {@code ttl}:
 * scrapes within that time (from any number of Prometheus servers) are answered from the cache, and
 * concurrent scrapes of one hypervisor wait for one read. Each hypervisor has its own connection,
 * closed when the hypervisor leaves the fleet or its URI changes. Thread-safe.
 */
public final class VmStatsCache implements AutoCloseable {
  /** One hypervisor's last read: the domains, or why it failed; when, and how long it took. */
  public record Reading(
      String hypervisor,
      List<DomainStats> domains,
      String error,
      Instant at,
      Duration took,
      long reads) {
    public boolean up() {
      return error == null;
    }
  }

  private final class Entry {
    final String uri;
    final String hostKey;
    final DomainStatsReader reader;
    final AtomicLong reads = new AtomicLong();
    volatile Reading last;

    Entry(Hypervisor h) {
      this.uri = h.uri();
      this.hostKey = h.hostKey();
      this.reader = new DomainStatsReader(h, settings);
    }

    boolean reaches(Hypervisor h) {
      return uri.equals(h.uri()) && java.util.Objects.equals(hostKey, h.hostKey());
    }

    synchronized Reading read(String name) {
      Instant now = clock.instant();
      Reading cached = last;
      if (cached != null && Duration.between(cached.at(), now).compareTo(ttl) < 0) {
        return cached;
      }
      long started = System.nanoTime();
      Reading r;
      try {
        List<DomainStats> domains = reader.read();
        r = reading(name, domains, null, now, started);
      } catch (RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        r = reading(name, List.of(), why, now, started);
      }
      last = r;
      return r;
    }

    private Reading reading(
        String name, List<DomainStats> domains, String error, Instant now, long started) {
      return new Reading(
          name,
          List.copyOf(domains),
          error,
          now,
          Duration.ofNanos(System.nanoTime() - started),
          reads.incrementAndGet());
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final Clock clock;
  private final HypervisorSettings settings;

  public VmStatsCache(Duration ttl, Clock clock) {
    this(ttl, clock, HypervisorSettings.defaults());
  }

  /**
   * @param settings how remote hypervisors are reached (SSH key, connect timeout, host key store),
   *     as the engine reaches them
   */
  public VmStatsCache(Duration ttl, Clock clock, HypervisorSettings settings) {
    this.ttl = ttl;
    this.clock = clock;
    this.settings = settings;
  }

  /** The statistics of every hypervisor, from the cache when fresh enough. Blocking. */
  public List<Reading> read(Collection<Hypervisor> hypervisors) {
    Set<String> names = new HashSet<>();
    List<Reading> out = new ArrayList<>();
    for (Hypervisor h : hypervisors) {
      names.add(h.name());
      Entry e =
          entries.compute(
              h.name(),
              (name, old) -> {
                if (old != null && old.reaches(h)) {
                  return old;
                }
                if (old != null) {
                  old.reader.close();
                }
                return new Entry(h);
              });
      out.add(e.read(h.name()));
    }
    entries.keySet().stream()
        .filter(n -> !names.contains(n))
        .toList()
        .forEach(n -> entries.remove(n).reader.close());
    return out;
  }

  @Override
  public void close() {
    entries.values().forEach(e -> e.reader.close());
    entries.clear();
  }
}
