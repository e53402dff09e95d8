package dev.ringmaster.reconciler.engine;

import dev.ringmaster.reconciler.daemon.loop.Condition;
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
  /** One condition: type, whether it holds, a stable CamelCase reason and a message. */
  public record Condition(String type, boolean status, String reason, String message) {}

  public EnvironmentStatus {
    conditions = List.copyOf(conditions);
  }

  public boolean converged() {
    return pendingChanges == 0 && refused == 0 && driftItems == 0;
  }
}
