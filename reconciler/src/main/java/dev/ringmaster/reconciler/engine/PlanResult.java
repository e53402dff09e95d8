package dev.ringmaster.reconciler.engine;

import dev.ringmaster.reconciler.gate.GatedPlan;
import dev.ringmaster.reconciler.plan.DriftReport;
import dev.ringmaster.reconciler.plan.Plan;
import java.time.Instant;
import java.util.Set;

/**
 * A plan made by {@link Reconciler#plan}, with what it was made from and the drift seen in the same
 * observation. {@code plan} is the gated plan ({@code safety.plan()}): held changes stay in it with
 * their reason. Immutable; pass it to {@link Reconciler#apply}.
 *
 * @param environments the environments planned; empty means all
 */
public record PlanResult(
    FleetSnapshot snapshot,
    Set<String> environments,
    Plan plan,
    DriftReport drift,
    Instant at,
    GatedPlan safety) {
  public PlanResult {
    environments = Set.copyOf(environments);
    safety = safety == null ? GatedPlan.ungated(plan) : safety;
  }

  public PlanResult(
      FleetSnapshot snapshot, Set<String> environments, Plan plan, DriftReport drift, Instant at) {
    this(snapshot, environments, plan, drift, at, null);
  }
}
