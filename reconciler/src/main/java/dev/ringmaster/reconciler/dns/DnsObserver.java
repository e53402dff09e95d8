package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsDriver;
import dev.ringmaster.driver.spi.DnsZoneObservation;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.model.RingmasterException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads zones with one transfer each, {@value #CONCURRENCY} at a time; a zone that fails is
 * recorded with the reason, never thrown. Read-only.
 */
public final class DnsObserver {
  static final int CONCURRENCY = 4;

  private DnsObserver() {}

  /**
   * Reads every zone of {@code all} whose server is configured in {@code environment} (the
   * process's variables); the others are recorded as not configured, without a connection.
   */
  public static DnsObservation observe(
      DnsDriver driver, Collection<DnsZoneTarget> all, Map<String, String> environment) {
    SortedMap<String, String> unconfigured = new TreeMap<>();
    List<DnsZoneTarget> targets = new ArrayList<>();
    for (DnsZoneTarget t : all) {
      if (t.address(environment).isEmpty()) {
        unconfigured.put(
            t.zone(),
            "the zone's server is not configured here: " + t.serverSource() + " is not set");
      } else {
        targets.add(t);
      }
    }
    if (driver == null || targets.isEmpty()) {
      SortedMap<String, String> failed = new TreeMap<>();
      if (driver == null) {
        targets.forEach(t -> failed.put(t.zone(), "no DNS driver is installed"));
      }
      return new DnsObservation(new TreeMap<>(), failed, unconfigured);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(CONCURRENCY, targets.size()));
    try {
      List<CompletableFuture<Object>> pending = new ArrayList<>();
      for (DnsZoneTarget t : targets) {
        pending.add(CompletableFuture.supplyAsync(() -> read(driver, t), pool));
      }
      SortedMap<String, DnsZoneObservation> zones = new TreeMap<>();
      SortedMap<String, String> failed = new TreeMap<>();
      int i = 0;
      for (DnsZoneTarget t : targets) {
        Object result = pending.get(i++).join();
        if (result instanceof DnsZoneObservation o) {
          zones.put(t.zone(), o);
        } else {
          failed.put(t.zone(), (String) result);
        }
      }
      return new DnsObservation(zones, failed, unconfigured);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Object read(DnsDriver driver, DnsZoneTarget t) {
    try {
      return driver.observe(t);
    } catch (RingmasterException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      return "DNS driver error: " + e.getClass().getSimpleName();
    }
  }
}
