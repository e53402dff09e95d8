package dev.ringmaster.reconciler.daemon.loop;

import java.util.List;
import java.util.Map;

/**
 * Fleet-wide drift at one commit: each field whose live value departs from the last applied one,
 * and the hypervisors that could not be observed (their drift is unknown). Immutable.
 */
public record DriftView(String commit, List<Entry> entries, Map<String, String> unobserved) {
  /** One drifted field of one resource. */
  public record Entry(
      String environment, String resource, String field, String lastApplied, String observed) {}

  public DriftView {
    entries = List.copyOf(entries);
    unobserved = Map.copyOf(unobserved);
  }
}
