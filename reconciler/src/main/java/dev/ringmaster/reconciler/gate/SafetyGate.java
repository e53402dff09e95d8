package dev.ringmaster.reconciler.gate;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the planner's plan into what may run now: restart changes wait for their maintenance window
 * (known-since kept in the state store), deletions of a VM are staged (soft delete, grace period,
 * then deletion; service users likewise: {@link ServiceUserStaging}), protected VMs are refused,
 * removals beyond the deletion budget are held. A decision, not an action: reads the store and the
 * clock (once per call) and returns what it would remember (known-since instants, protection marks,
 * cleared soft-delete and retirement marks) as {@link GatedPlan#effects()}; only a reconcile pass
 * writes them ({@link GatedPlan#commitEffects()}). New soft-delete marks are written when a plan is
 * applied ({@link GatedPlan#beforeApply}). Blocking; thread-safe as the store is.
 */
public final class SafetyGate {
  private final GateEffects.Source source;
  private final Clock clock;
  private final SafetySettings settings;

  public SafetyGate(StateStore store, Clock clock, SafetySettings settings) {
    this(GateEffects.Source.of(store), clock, settings);
  }

  /** A gate reading {@code source} (the state store, or nothing for a commit never applied). */
  public SafetyGate(GateEffects.Source source, Clock clock, SafetySettings settings) {
    this.source = source;
    this.clock = clock;
    this.settings = settings;
  }

  /** Gates {@code plan}, made for {@code scope} (empty: all environments) of {@code fleet}. */
  public GatedPlan gate(Fleet fleet, Set<String> scope, Plan plan) {
    return gate(fleet, scope, plan, Map.of());
  }

  /**
   * Gates {@code plan} as if {@code earlier} effects (of another gating, not written) were in the
   * store: a pull-request plan first teaches the gate its base commit.
   */
  public GatedPlan gate(
      Fleet fleet, Set<String> scope, Plan plan, Map<String, Optional<String>> earlier) {
    Instant now = clock.instant();
    GateEffects effects = new GateEffects(source, earlier);
    SafetyState state = new SafetyState(effects);
    rememberProtection(state, fleet, scope);
    Map<Change, Hold> holds = new LinkedHashMap<>();
    List<Change> changes = new RestartGate(state, fleet, now).gate(plan.changes(), holds);
    List<Refusal> refused = new ArrayList<>(plan.refused());
    StagedDeletion staging = new StagedDeletion(state, settings, fleet, scope, now);
    changes = staging.stage(plan, changes, refused, holds);
    ServiceUserStaging users =
        new ServiceUserStaging(new RetirementState(effects), settings, fleet, now);
    changes = users.stage(plan, changes, refused, holds);
    Plan gated = new Plan(plan.commit(), changes, refused, plan.unreachable());
    return new GatedPlan(
            gated,
            holds,
            staging.newlySoftDeleted(),
            staging.budgetExceeded(),
            new SafetyState(new GateEffects(source)),
            now,
            effects)
        .retiring(users.newlyRetired());
  }

  /**
   * Remembers which VMs of the planned environments are protected (a VM later removed from the
   * fleet keeps its protection until it is gone). Only the scope's environments: each environment's
   * own pass remembers its VMs, and a whole-fleet walk per pass made a resync quadratic.
   */
  private static void rememberProtection(SafetyState state, Fleet fleet, Set<String> scope) {
    for (Environment env : fleet.environments()) {
      if (!scope.isEmpty() && !scope.contains(env.name())) {
        continue;
      }
      for (VmSpec vm : env.vms()) {
        state.rememberProtection(vm.host(), vm.name(), env.protectedEnv() || vm.protectedVm());
      }
    }
  }
}
