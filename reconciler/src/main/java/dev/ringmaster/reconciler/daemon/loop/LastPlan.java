package dev.ringmaster.reconciler.daemon.loop;

import java.time.Instant;
import java.util.List;

/**
 * The last plan recorded for an environment: when, at which commit, its changes (NO_OP excluded)
 * and what was refused. Immutable.
 */
public record LastPlan(Instant at, String commit, List<Item> changes, List<String> refused) {
  /** One planned change, for display. */
  public record Item(String resource, String action, String impact, String reason) {}

  public LastPlan {
    changes = List.copyOf(changes);
    refused = List.copyOf(refused);
  }
}
