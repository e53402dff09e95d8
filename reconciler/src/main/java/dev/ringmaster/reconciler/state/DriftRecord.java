package dev.ringmaster.reconciler.state;

import dev.ringmaster.reconciler.plan.DriftItem;
import java.time.Instant;
import java.util.List;

/** A drift report as kept in the drift history of one environment. Immutable. */
public record DriftRecord(String environment, String commit, Instant at, List<DriftItem> items) {
  public DriftRecord {
    environment = environment == null ? "" : environment;
    commit = commit == null ? "" : commit;
    items = List.copyOf(items);
  }
}
