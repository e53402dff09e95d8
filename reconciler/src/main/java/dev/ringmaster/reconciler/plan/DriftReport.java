package dev.ringmaster.reconciler.plan;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Drift: where the live state departs from what was last applied (not from what is desired), per
 * field. Hosts that could not be observed are listed apart: their drift is unknown. Immutable.
 */
public record DriftReport(
    String commit, List<DriftItem> items, SortedMap<String, String> unreachable) {
  public DriftReport {
    commit = commit == null ? "" : commit;
    items = List.copyOf(items);
    unreachable = Collections.unmodifiableSortedMap(new TreeMap<>(unreachable));
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public List<DriftItem> forEnvironment(String environment) {
    return items.stream().filter(i -> i.environment().equals(environment)).toList();
  }

  /** The environments with drift ({@code ""} for shared objects such as networks). */
  public List<String> environments() {
    return List.copyOf(new TreeSet<>(items.stream().map(DriftItem::environment).toList()));
  }
}
