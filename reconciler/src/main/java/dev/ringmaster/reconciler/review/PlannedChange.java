package dev.ringmaster.reconciler.review;

import dev.ringmaster.reconciler.gate.MaintenanceWindow;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Differences;
import dev.ringmaster.reconciler.plan.Impact;
import java.util.List;
import java.util.TreeSet;

/**
 * A change as a reviewer sees it: the engine's {@link Change}; for a {@code restart} change, the
 * maintenance window it will run in ({@code window} is null for every other impact); for the
 * deletion of a VM's domain or volumes, the staging the safety gate puts it through ({@code
 * staging}: soft delete and grace period, deletion budget, or empty when it is deleted at once).
 * Immutable.
 */
public record PlannedChange(Change change, MaintenanceWindow window, String staging) {
  public PlannedChange(Change change, MaintenanceWindow window) {
    this(change, window, "");
  }

  public PlannedChange {
    staging = staging == null ? "" : staging;
    if (change == null) {
      throw new IllegalArgumentException("change is required");
    }
    if (change.impact() == Impact.RESTART && window == null) {
      throw new IllegalArgumentException("a restart change needs its window: " + change.resource());
    }
    window = change.impact() == Impact.RESTART ? window : null;
  }

  /**
   * The planner's reason when it says more than the attributes do (why a resource is deleted or
   * held back), without the list of differences the attributes already show nor the window a
   * restart change names already; empty for a plain creation or an update whose reason only lists
   * the differences.
   */
  public String note() {
    String reason = change.reason();
    String differences = Differences.describe(change.before(), change.after());
    if (reason.equals("missing") || reason.equals(differences)) {
      return "";
    }
    String note =
        !differences.isEmpty() && reason.startsWith(differences + "; ")
            ? reason.substring(differences.length() + 2)
            : reason;
    if (window != null) {
      for (String shown : List.of("waiting for maintenance window ", "in maintenance window ")) {
        String suffix = shown + window.render();
        if (note.equals(suffix)) {
          return "";
        }
        if (note.endsWith("; " + suffix)) {
          return note.substring(0, note.length() - suffix.length() - 2);
        }
      }
    }
    return note;
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
