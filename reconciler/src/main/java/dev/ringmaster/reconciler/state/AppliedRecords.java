package dev.ringmaster.reconciler.state;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory copy of the last-applied records, by resource and by environment, so a pass reads
 * its environment's records without walking the whole fleet's. Thread-safe for writers of distinct
 * resources (the engine never writes one resource from two threads).
 */
final class AppliedRecords {
  private final Map<ResourceId, AppliedRecord> all = new ConcurrentHashMap<>();
  private final Map<String, Map<ResourceId, AppliedRecord>> byEnvironment =
      new ConcurrentHashMap<>();

  void put(AppliedRecord record) {
    AppliedRecord old = all.put(record.resource(), record);
    if (old != null && !old.environment().equals(record.environment())) {
      of(old.environment()).remove(old.resource());
    }
    of(record.environment()).put(record.resource(), record);
  }

  void remove(ResourceId resource) {
    AppliedRecord old = all.remove(resource);
    if (old != null) {
      of(old.environment()).remove(resource);
    }
  }

  Collection<AppliedRecord> values() {
    return all.values();
  }

  /** The records of {@code environments}, in no particular order. */
  List<AppliedRecord> ofEnvironments(Collection<String> environments) {
    List<AppliedRecord> out = new ArrayList<>();
    for (String env : environments) {
      Map<ResourceId, AppliedRecord> records = byEnvironment.get(env);
      if (records != null) {
        out.addAll(records.values());
      }
    }
    return out;
  }

  private Map<ResourceId, AppliedRecord> of(String environment) {
    return byEnvironment.computeIfAbsent(environment, e -> new ConcurrentHashMap<>());
  }
}
