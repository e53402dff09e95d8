package dev.ringmaster.reconciler.apply;

import dev.ringmaster.reconciler.plan.Change;
import java.util.Optional;

/**
 * Decides at apply time whether a planned change must wait (a maintenance window, a grace period, a
 * deletion budget); a held change is skipped with the returned reason. Called from the engine's
 * worker threads: implementations must be thread-safe.
 */
@FunctionalInterface
public interface HoldCheck {
  HoldCheck NONE = change -> Optional.empty();

  /** Why {@code change} must wait; empty when it may run. Pure: may be called more than once. */
  Optional<String> heldBecause(Change change);

  /** Called once right before a change that is not held runs (an override may be journaled). */
  default void proceeding(Change change) {}
}
