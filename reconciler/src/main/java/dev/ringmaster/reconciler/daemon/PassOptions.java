package dev.ringmaster.reconciler.daemon;

/**
 * How a pass may act. A {@link Trigger#RESYNC} pass of an environment whose {@code driftPolicy} is
 * {@code report} must not change anything: it only observes and reports drift. {@code restart} and
 * {@code destructive} changes are applied only when allowed, otherwise left pending. Immutable.
 */
public record PassOptions(Trigger trigger, boolean allowRestart, boolean allowDestructive) {
  /** Why a pass runs. */
  public enum Trigger {
    GIT_CHANGE,
    RESYNC,
    MANUAL
  }

  public PassOptions {
    if (trigger == null) {
      throw new IllegalArgumentException("trigger is required");
    }
  }
}
