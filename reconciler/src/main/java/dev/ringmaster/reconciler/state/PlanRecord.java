package dev.ringmaster.reconciler.state;

import java.time.Instant;
import java.util.List;

/**
 * A plan as kept in the plan history of one environment: when, at which commit, and each change in
 * one line. Immutable.
 */
public record PlanRecord(
    String environment, String commit, Instant at, List<Item> changes, List<String> refused) {
  /** One planned change, for display. */
  public record Item(String resource, String action, String impact, String reason) {}

  public PlanRecord {
    environment = environment == null ? "" : environment;
    commit = commit == null ? "" : commit;
    changes = List.copyOf(changes);
    refused = List.copyOf(refused);
  }

  /** The number of changes that do something. */
  public long pending() {
    return changes.stream().filter(i -> !"NO_OP".equals(i.action())).count();
  }
}
