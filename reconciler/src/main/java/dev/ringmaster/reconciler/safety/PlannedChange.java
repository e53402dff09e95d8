package dev.ringmaster.reconciler.safety;

import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import java.util.List;
import java.util.TreeSet;

/**
 * A change as a reviewer sees it: the engine's {@link Change} and, for a {@code restart} change,
 * the maintenance window it will run in ({@code window} is null for every other impact). Immutable.
 */
public record PlannedChange(Change change, MaintenanceWindow window) {
  public PlannedChange {
    if (change == null) {
      throw new IllegalArgumentException("change is required");
    }
    if (change.impact() == Impact.RESTART && window == null) {
      throw new IllegalArgumentException("a restart change needs its window: " + change.resource());
    }
    window = change.impact() == Impact.RESTART ? window : null;
  }

  /**
   * The attributes worth showing: every attribute of a created or deleted resource, and the
   * attributes an update changes.
   */
  public List<AttributeChange> attributes() {
    TreeSet<String> names = new TreeSet<>(change.before().keySet());
    names.addAll(change.after().keySet());
    return names.stream()
        .map(n -> new AttributeChange(n, change.before().get(n), change.after().get(n)))
        .filter(a -> change.action() != Action.UPDATE || a.changed())
        .toList();
  }
}
