package dev.ringmaster.reconciler.gate;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stages the planner's deletions of a VM (its domain and volumes): refused when protected; when the
 * VM is newly removed, the domain is shut down instead and everything kept (soft delete); while the
 * grace period runs the deletions are held; afterwards they go ahead as planned (domain first, then
 * volumes, each resumable). Newly removed VMs beyond the deletion budget are held as a whole.
 */
public final class StagedDeletion {
  public static final String NOTHING_DELETED_WITHOUT = "; nothing is deleted without ";

  /** How the change that keeps a soft-deleted VM's part (its domain shut down) is explained. */
  public static final String SOFT_DELETED =
      "removed from Git: shut down and kept (soft delete) until ";

  private final SafetyState state;
  private final SafetySettings settings;
  private final Fleet fleet;
  private final Set<String> scope;
  private final Instant now;
  private final List<SoftDeletion> newlySoftDeleted = new ArrayList<>();
  private String budgetExceeded = "";
  private String commit = "";

  StagedDeletion(
      SafetyState state, SafetySettings settings, Fleet fleet, Set<String> scope, Instant now) {
    this.state = state;
    this.settings = settings;
    this.fleet = fleet;
    this.scope = scope;
    this.now = now;
  }

  List<SoftDeletion> newlySoftDeleted() {
    return List.copyOf(newlySoftDeleted);
  }

  String budgetExceeded() {
    return budgetExceeded;
  }

  List<Change> stage(
      Plan plan, List<Change> changes, List<Refusal> refused, Map<Change, Hold> holds) {
    commit = plan.commit();
    Map<String, List<Change>> groups = deletionsByVm(changes);
    Map<String, SoftDeletion> marks = state.softDeletions();
    clearStaleMarks(plan, changes, groups, marks);
    Map<Change, Change> replaced = new IdentityHashMap<>();
    List<List<Change>> fresh = new ArrayList<>();
    groups.forEach(
        (key, group) -> {
          SoftDeletion mark = marks.get(key);
          if (isProtected(group.get(0), mark)) {
            refuse(group, refused, replaced);
          } else if (mark == null && settings.gracePeriod().isZero()) {
            return;
          } else if (mark == null) {
            fresh.add(group);
          } else if (now.isBefore(mark.deleteAfter(settings.gracePeriod()))) {
            waiting(group, mark.deleteAfter(settings.gracePeriod()), holds, replaced);
          } else {
            group.forEach(c -> replaced.put(c, withReason(c, overdue(c, mark))));
          }
        });
    budgetExceeded = fresh.isEmpty() ? "" : budget(fresh, removedOutsideScope(marks));
    fresh.forEach(group -> softDelete(group, holds, replaced));
    List<Change> out = new ArrayList<>();
    for (Change c : changes) {
      Change r = replaced.containsKey(c) ? replaced.get(c) : c;
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private Map<String, List<Change>> deletionsByVm(List<Change> changes) {
    Map<String, List<Change>> groups = new LinkedHashMap<>();
    for (Change c : changes) {
      if (c.action() == Action.DELETE && ResourceKinds.installed().of(c.resource()).partOfVm()) {
        groups.computeIfAbsent(key(c), k -> new ArrayList<>()).add(c);
      }
    }
    return groups;
  }

  private void clearStaleMarks(
      Plan plan,
      List<Change> changes,
      Map<String, List<Change>> groups,
      Map<String, SoftDeletion> marks) {
    Set<String> present = new HashSet<>();
    changes.stream().filter(c -> c.action() != Action.DELETE).forEach(c -> present.add(key(c)));
    marks.forEach(
        (key, mark) -> {
          boolean restored = present.contains(key);
          boolean gone =
              !groups.containsKey(key)
                  && (scope.isEmpty() || scope.contains(mark.environment()))
                  && !plan.unreachable().containsKey(mark.host());
          if (restored || gone) {
            state.clearSoftDeleted(mark.host(), mark.vm());
          }
        });
    marks.keySet().removeIf(k -> present.contains(k) || !groups.containsKey(k));
  }

  private boolean isProtected(Change c, SoftDeletion mark) {
    String vm = vmOf(c);
    boolean envProtected =
        fleet.environments().stream()
            .anyMatch(e -> e.name().equals(c.environment()) && e.protectedEnv());
    return envProtected
        || (mark != null && mark.protectedVm())
        || state.wasProtected(c.resource().host(), vm);
  }

  private static void refuse(
      List<Change> group, List<Refusal> refused, Map<Change, Change> replaced) {
    Change lead = lead(group);
    refused.add(
        new Refusal(
            lead.resource(),
            lead.environment(),
            "VM "
                + vmOf(lead)
                + " is protected (protected: true) and is not deleted; restore it in Git, or"
                + " remove protected: true in a commit of its own first"));
    group.forEach(c -> replaced.put(c, null));
  }

  private void waiting(
      List<Change> group, Instant due, Map<Change, Hold> holds, Map<Change, Change> replaced) {
    for (Change c : group) {
      Optional<Change> kept = softDeleted(c, due).filter(StagedDeletion::changesSomething);
      if (kept.isPresent()) {
        replaced.put(c, kept.get());
      } else {
        holdForGrace(c, due, holds, replaced);
      }
    }
  }

  private void softDelete(
      List<Change> group, Map<Change, Hold> holds, Map<Change, Change> replaced) {
    Change lead = lead(group);
    Instant due = now.plus(settings.gracePeriod());
    for (Change c : group) {
      Optional<Change> kept = softDeleted(c, due);
      if (c == lead && !budgetExceeded.isEmpty()) {
        Change held = withReason(kept.orElse(c), budgetExceeded);
        replaced.put(c, held);
        holds.put(held, hold(c, Hold.Kind.BUDGET, budgetExceeded, null, true));
      } else if (kept.filter(StagedDeletion::changesSomething).isPresent()) {
        replaced.put(c, kept.get());
      } else {
        holdForGrace(c, due, holds, replaced);
      }
    }
    newlySoftDeleted.add(
        new SoftDeletion(lead.resource().host(), vmOf(lead), lead.environment(), now, false));
  }

  private void holdForGrace(
      Change c, Instant due, Map<Change, Hold> holds, Map<Change, Change> replaced) {
    String reason =
        "soft-deleted; deleted for good after "
            + due
            + " (needs "
            + settings.consent().destroy()
            + " then)";
    Change held = withReason(c, reason);
    replaced.put(c, held);
    holds.put(held, hold(c, Hold.Kind.GRACE, reason, due, true));
  }

  /** What the kind keeps instead of deleting {@code c} while the VM is soft-deleted. */
  private static Optional<Change> softDeleted(Change c, Instant due) {
    return ResourceKinds.installed().of(c.resource()).softDeleted(c, SOFT_DELETED + due);
  }

  private static boolean changesSomething(Change c) {
    return !c.before().equals(c.after());
  }

  private String overdue(Change c, SoftDeletion mark) {
    return RestartGate.join(
        c.reason(), "soft-deleted at " + mark.at() + ", grace period over: deleted for good");
  }

  /**
   * VMs of environments outside this plan's scope that the fleet no longer declares and that are
   * not soft-deleted yet: the same commit removes them, in another environment's pass (the daemon
   * plans one environment per pass; {@code apply --env} likewise), so they count against the
   * fleet-wide budget here too.
   */
  private Set<String> removedOutsideScope(Map<String, SoftDeletion> marks) {
    if (scope.isEmpty()) {
      return Set.of();
    }
    Set<String> declared = new HashSet<>();
    fleet
        .environments()
        .forEach(e -> e.vms().forEach(v -> declared.add(v.host() + "/" + v.name())));
    Set<String> removed = state.appliedVms(env -> !scope.contains(env));
    removed.removeIf(key -> declared.contains(key) || marks.containsKey(key));
    return removed;
  }

  private String budget(List<List<Change>> fresh, Set<String> removedElsewhere) {
    Map<String, Integer> perEnv = new TreeMap<>();
    fresh.forEach(g -> perEnv.merge(lead(g).environment(), 1, Integer::sum));
    List<String> over = new ArrayList<>();
    perEnv.forEach(
        (env, removed) -> {
          int total = removed + vmsInGit(env);
          if (removed > 1 && removed * 100L > (long) settings.maxEnvironmentPercent() * total) {
            over.add(
                removed
                    + " of "
                    + total
                    + " VMs of "
                    + env
                    + " (more than "
                    + settings.maxEnvironmentPercent()
                    + " %)");
          }
        });
    int fleetWide = fresh.size() + removedElsewhere.size();
    if (fleetWide > settings.maxFleetDeletions()) {
      over.add(fleetWide + " VMs fleet-wide (more than " + settings.maxFleetDeletions() + ")");
    }
    return over.isEmpty()
        ? ""
        : "deletion budget exceeded: this commit removes "
            + String.join(" and ", over)
            + NOTHING_DELETED_WITHOUT
            + settings.consent().massDelete(commit);
  }

  private int vmsInGit(String env) {
    return fleet.environments().stream()
        .filter(e -> e.name().equals(env))
        .mapToInt(e -> e.vms().size())
        .sum();
  }

  private Hold hold(Change c, Hold.Kind kind, String reason, Instant due, boolean held) {
    return new Hold(
        c.resource(),
        c.environment(),
        kind,
        "delete " + c.resource(),
        reason,
        null,
        null,
        due,
        held);
  }

  private static Change lead(List<Change> group) {
    return group.stream()
        .filter(c -> ResourceKinds.installed().of(c.resource()).standsForVm())
        .findFirst()
        .orElse(group.get(0));
  }

  public static Change withReason(Change c, String reason) {
    return new Change(
        c.resource(),
        c.environment(),
        c.action(),
        c.impact(),
        c.before(),
        c.after(),
        c.desired(),
        reason);
  }

  public static String key(Change c) {
    return c.resource().host() + "/" + vmOf(c);
  }

  /** The VM a change belongs to: its kind's apply chain (a VM's parts use the VM name). */
  static String vmOf(Change c) {
    return ResourceKinds.installed().of(c.resource()).chain(c.resource());
  }
}
