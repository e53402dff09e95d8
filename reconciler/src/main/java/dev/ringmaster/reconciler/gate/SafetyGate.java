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
import java.util.Set;

/**
 * Turns the planner's plan into what may run now: restart changes wait for their maintenance window
 * (known-since kept in the state store), deletions of a VM are staged (soft delete, grace period,
 * then deletion; service users likewise: {@link ServiceUserStaging}), protected VMs are refused,
 * removals beyond the deletion budget are held. Reads the clock once per call; writes known-since
 * instants and clears stale soft-delete marks in the store (new marks are written only when a plan
 * is applied, {@link GatedPlan#beforeApply}). Blocking; thread-safe as the store is.
 */
public final class SafetyGate {
  private final SafetyState state;
  private final StateStore store;
  private final Clock clock;
  private final SafetySettings settings;

  public SafetyGate(StateStore store, Clock clock, SafetySettings settings) {
    this.state = new SafetyState(store);
    this.store = store;
    this.clock = clock;
    this.settings = settings;
  }

  /** Gates {@code plan}, made for {@code scope} (empty: all environments) of {@code fleet}. */
  public GatedPlan gate(Fleet fleet, Set<String> scope, Plan plan) {
    Instant now = clock.instant();
    rememberProtection(fleet);
    Map<Change, Hold> holds = new LinkedHashMap<>();
    List<Change> changes = new RestartGate(state, fleet, now).gate(plan.changes(), holds);
    List<Refusal> refused = new ArrayList<>(plan.refused());
    StagedDeletion staging = new StagedDeletion(state, settings, fleet, scope, now);
    changes = staging.stage(plan, changes, refused, holds);
    ServiceUserStaging users =
        new ServiceUserStaging(new RetirementState(store), settings, fleet, now);
    changes = users.stage(plan, changes, refused, holds);
    Plan gated = new Plan(plan.commit(), changes, refused, plan.unreachable());
    return new GatedPlan(
            gated, holds, staging.newlySoftDeleted(), staging.budgetExceeded(), state, now)
        .retiring(users.newlyRetired(), new RetirementState(store));
  }

  private void rememberProtection(Fleet fleet) {
    for (Environment env : fleet.environments()) {
      for (VmSpec vm : env.vms()) {
        state.rememberProtection(vm.host(), vm.name(), env.protectedEnv() || vm.protectedVm());
      }
    }
  }
}
