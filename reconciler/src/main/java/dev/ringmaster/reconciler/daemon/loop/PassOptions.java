package dev.ringmaster.reconciler.daemon.loop;

/**
 * How a pass may act. A {@link Trigger#RESYNC} or {@link Trigger#DRIFT} pass of an environment
 * whose {@code driftPolicy} is {@code report} must not change anything: it only observes and
 * reports drift. {@code restart} and {@code destructive} changes are applied only when allowed,
 * otherwise left pending. {@code nowBy} (nullable) names the operator who asked for the
 * environment's restart changes to run now, outside their maintenance window. Immutable.
 */
public record PassOptions(
    Trigger trigger, boolean allowRestart, boolean allowDestructive, String nowBy) {
  /** Why a pass runs. */
  public enum Trigger {
    GIT_CHANGE,
    RESYNC,
    MANUAL,
    /** Something held becomes due: a maintenance window opens or a grace period ends. */
    SCHEDULED,
    /** A hypervisor reported that an object owned by the environment changed by hand. */
    DRIFT
  }

  public PassOptions {
    if (trigger == null) {
      throw new IllegalArgumentException("trigger is required");
    }
  }

  public PassOptions(Trigger trigger, boolean allowRestart, boolean allowDestructive) {
    this(trigger, allowRestart, allowDestructive, null);
  }
}
