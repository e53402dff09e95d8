package dev.ringmaster.reconciler.engine;

import java.time.Instant;
import java.util.List;

/**
 * The state of one environment as the last plan and drift check left it, with conditions {@code
 * Ready}, {@code Synced} and {@code Drifted} (stable reasons). Immutable. Environment {@code ""}
 * holds the objects shared on hypervisors (networks).
 */
public record EnvironmentStatus(
    String environment,
    String commit,
    Instant plannedAt,
    long pendingChanges,
    int refused,
    int driftItems,
    List<Condition> conditions) {
  public EnvironmentStatus {
    conditions = List.copyOf(conditions);
  }

  public boolean converged() {
    return pendingChanges == 0 && refused == 0 && driftItems == 0;
  }
}
