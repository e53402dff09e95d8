package dev.ringmaster.reconciler.daemon.loop;

/**
 * How a pass may act. A {@link Trigger#RESYNC} or {@link Trigger#DRIFT} pass of an environment
 * whose {@code driftPolicy} is {@code report} must not change anything: it only observes and
 * reports drift. {@code restart} and {@code destructive} changes are applied only when allowed,
 * otherwise left pending. {@code nowBy} (nullable) names the operator who asked for the
 * environment's restart changes to run now, outside their maintenance window. {@code
 * freshAsOfNanos} (a {@link System#nanoTime()} value) is when the pass was last asked for: its
 * observation must show at least everything the hypervisors did before then, and may come from a
 * cache brought up to date after then (so the passes of a resync share one check per hypervisor).
 * Anything that changes later is reported by the change feed and asks for another pass. Immutable.
 */
public record PassOptions(
    Trigger trigger,
    boolean allowRestart,
    boolean allowDestructive,
    String nowBy,
    long freshAsOfNanos) {
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

  /** Options of a pass asked for now. */
  public PassOptions(
      Trigger trigger, boolean allowRestart, boolean allowDestructive, String nowBy) {
    this(trigger, allowRestart, allowDestructive, nowBy, System.nanoTime());
  }

  public PassOptions(Trigger trigger, boolean allowRestart, boolean allowDestructive) {
    this(trigger, allowRestart, allowDestructive, null);
  }
}
