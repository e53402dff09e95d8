package dev.ringmaster.reconciler.apply;

import dev.ringmaster.reconciler.plan.Change;

/**
 * Progress of an apply: called at the start and end of every action, from the engine's worker
 * threads (implementations must be thread-safe and quick).
 */
public interface ApplyListener {
  ApplyListener NONE = new ApplyListener() {};

  default void started(int index, int total, Change change) {}

  default void finished(ActionResult result) {}
}
