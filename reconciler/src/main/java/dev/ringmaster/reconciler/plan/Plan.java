package dev.ringmaster.reconciler.plan;

import java.util.List;

/**
 * The result of planning: the Git commit the desired state was read at and every change, in
 * dependency order (creations by resource kind, deletions in reverse). Data only; computed by a
 * pure function of desired, observed and last-applied state.
 */
public record Plan(String commit, List<Change> changes) {
  public Plan {
    changes = List.copyOf(changes);
  }

  /** The changes that do something (everything but {@link Action#NO_OP}). */
  public List<Change> actionable() {
    return changes.stream().filter(c -> c.action() != Action.NO_OP).toList();
  }

  public boolean isEmpty() {
    return actionable().isEmpty();
  }
}
