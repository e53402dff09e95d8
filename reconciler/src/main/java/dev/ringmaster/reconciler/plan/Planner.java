package dev.ringmaster.reconciler.plan;

import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;

/**
 * The plan and drift functions. Pure: no I/O, no clock, no randomness; the same inputs always give
 * equal results. Thread-safe.
 *
 * <p>Rules (see {@code docs/cli.md}): a missing object is created ({@code live}); an object whose
 * attributes equal the desired ones is a {@code NO_OP}; a differing one is updated with the impact
 * of its most severe field; an owned object no longer desired is deleted (domains and volumes
 * {@code destructive}, networks {@code live}); foreign objects are never planned; a disk shrink and
 * a name taken by a foreign object are refused; nothing of an environment with objects on an
 * unreachable hypervisor is planned.
 */
public final class Planner {
  private Planner() {}

  public static Plan plan(
      String commit, DesiredState desired, Observation observed, LastApplied lastApplied) {
    return new PlanComputation(desired, observed, lastApplied).plan(commit);
  }

  /** Drift: observed versus last applied, for the environments in {@code desired}'s scope. */
  public static DriftReport drift(
      String commit, DesiredState desired, Observation observed, LastApplied lastApplied) {
    return new DriftComputation(desired, observed, lastApplied).drift(commit);
  }
}
