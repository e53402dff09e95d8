package dev.ringmaster.reconciler.gate;

import dev.ringmaster.reconciler.apply.HoldCheck;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A plan after the {@link SafetyGate}: the plan to show and apply (held changes stay in it with
 * their reason), the holds (pending restarts with their window, soft-deleted VMs with their
 * deletion time, removals beyond the budget), and the VMs this plan newly soft-deletes. Immutable
 * apart from the journal and marks its apply-time methods write.
 */
public final class GatedPlan {
  private final Plan plan;
  private final Map<Change, Hold> holds;
  private final List<SoftDeletion> newlySoftDeleted;
  private final String budgetExceeded;
  private final SafetyState state;
  private final Instant plannedAt;
  private final GateEffects effects;
  private List<RetiredUser> newlyRetired = List.of();

  GatedPlan(
      Plan plan,
      Map<Change, Hold> holds,
      List<SoftDeletion> newlySoftDeleted,
      String budgetExceeded,
      SafetyState state,
      Instant plannedAt,
      GateEffects effects) {
    this.plan = plan;
    this.effects = effects;
    this.holds = Map.copyOf(holds);
    this.newlySoftDeleted = List.copyOf(newlySoftDeleted);
    this.budgetExceeded = budgetExceeded;
    this.state = state;
    this.plannedAt = plannedAt;
  }

  /** A plan nobody gated: nothing is held. */
  public static GatedPlan ungated(Plan plan) {
    return new GatedPlan(plan, Map.of(), List.of(), "", null, Instant.EPOCH, null);
  }

  public Plan plan() {
    return plan;
  }

  /** Every pending restart, grace-period deletion and budget hold, in plan order. */
  public List<Hold> holds() {
    return plan.changes().stream().filter(holds::containsKey).map(holds::get).toList();
  }

  /** The hold of one planned change, if the gate holds or schedules it. */
  public Optional<Hold> holdOf(Change change) {
    return Optional.ofNullable(holds.get(change));
  }

  /** A copy of this plan that also retires {@code users} (service users) when applied. */
  GatedPlan retiring(List<RetiredUser> users) {
    GatedPlan copy =
        new GatedPlan(plan, holds, newlySoftDeleted, budgetExceeded, state, plannedAt, effects);
    copy.newlyRetired = List.copyOf(users);
    return copy;
  }

  /** The service users this plan retires (their homes are kept through the grace period). */
  public List<RetiredUser> newlyRetired() {
    return newlyRetired;
  }

  public List<SoftDeletion> newlySoftDeleted() {
    return newlySoftDeleted;
  }

  /** Empty, or why this plan's removals exceed the deletion budget. */
  public String budgetExceeded() {
    return budgetExceeded;
  }

  public Instant plannedAt() {
    return plannedAt;
  }

  /**
   * What the gate decided to remember, not yet written: key-value writes (empty value: a deletion).
   * Previews drop them.
   */
  public Map<String, Optional<String>> effects() {
    return effects == null ? Map.of() : effects.writes();
  }

  /** Writes {@link #effects()} to {@code store}. Only a reconcile pass calls this. */
  public void commitEffects(StateStore store) {
    if (effects != null) {
      effects.commit(store);
    }
  }

  /**
   * Call once right before applying: marks the service users this plan retires (at the instant
   * their retired config names), the VMs it soft-deletes (unless the budget holds them) and
   * journals an approved mass deletion.
   */
  public void beforeApply(StateStore store, SafetyOverrides overrides, Instant now) {
    if (state == null) {
      return;
    }
    commitEffects(store);
    RetirementState retirements = new RetirementState(store);
    newlyRetired.forEach(retirements::mark);
    if (!budgetExceeded.isEmpty()) {
      if (!overrides.allowMassDelete()) {
        return;
      }
      journal(
          store,
          "",
          "mass-deletion",
          Action.DELETE,
          Impact.DESTRUCTIVE,
          overrides,
          "--allow-mass-delete: " + budgetExceeded);
    }
    newlySoftDeleted.forEach(
        s ->
            state.markSoftDeleted(
                new SoftDeletion(s.host(), s.vm(), s.environment(), now, s.protectedVm())));
    state.commit(store);
  }

  /** The apply-time check: held changes are skipped; {@code --now} overrides are journaled. */
  public HoldCheck holdCheck(StateStore store, SafetyOverrides overrides) {
    return new HoldCheck() {
      @Override
      public Optional<String> heldBecause(Change change) {
        Hold hold = holds.get(change);
        if (hold == null || !hold.held() || lifted(hold, overrides)) {
          return Optional.empty();
        }
        return Optional.of(hold.reason());
      }

      @Override
      public void proceeding(Change change) {
        Hold hold = holds.get(change);
        if (hold != null && hold.held() && hold.kind() == Hold.Kind.WINDOW) {
          journal(
              store,
              change.environment(),
              change.resource().toString(),
              change.action(),
              change.impact(),
              overrides,
              "apply --now "
                  + hold.environment()
                  + ": restart outside its schedule ("
                  + hold.reason()
                  + ")");
        }
      }
    };
  }

  private static boolean lifted(Hold hold, SafetyOverrides overrides) {
    return switch (hold.kind()) {
      case WINDOW -> overrides.now().contains(hold.environment());
      case BUDGET -> overrides.allowMassDelete();
      case GRACE -> false;
    };
  }

  private void journal(
      StateStore store,
      String env,
      String resource,
      Action action,
      Impact impact,
      SafetyOverrides o,
      String what) {
    store.append(
        JournalEntry.intent(
                "override-" + UUID.randomUUID(), plan.commit(), env, resource, action, impact)
            .outcome(Outcome.OK, "operator override by " + o.operator() + ": " + what, 0));
  }
}
