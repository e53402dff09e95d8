package dev.ringmaster.reconciler.engine;

import dev.ringmaster.model.Fleet;

/** A validated fleet as read at one Git commit ({@code workdir} or {@code <id>+dirty} allowed). */
public record FleetSnapshot(Fleet fleet, String commit) {
  public FleetSnapshot {
    if (fleet == null) {
      throw new IllegalArgumentException("fleet is required");
    }
    commit = commit == null ? "" : commit;
  }
}
