package dev.ringmaster.reconciler.gate;

import dev.ringmaster.driver.spi.GuestAccount;
import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import dev.ringmaster.model.hostconfig.HostRetiredServiceUser;
import dev.ringmaster.model.hostconfig.HostServiceUser;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.GuestChanges;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stages the removal of service users like the deletion of a VM. A guest change that drops a
 * service user is refused when the VM or its environment is protected; when the user is newly
 * removed, the change instead keeps it as a retired account (host config member {@code
 * retiredServiceUsers}: no login, uid and home kept) and the user is marked when the plan is
 * applied; while the grace period runs the guest keeps that retired account; afterwards the change
 * goes ahead as planned ({@code destructive}: the engine removes the home, then activates the
 * config without the user; needs {@code --allow-destroy}). Marks of users restored in Git, of VMs
 * gone from Git, and of users no longer on their guest are cleared.
 */
final class ServiceUserStaging {
  private final RetirementState state;
  private final SafetySettings settings;
  private final Fleet fleet;
  private final Instant now;
  private final List<RetiredUser> newlyRetired = new ArrayList<>();

  ServiceUserStaging(RetirementState state, SafetySettings settings, Fleet fleet, Instant now) {
    this.state = state;
    this.settings = settings;
    this.fleet = fleet;
    this.now = now;
  }

  /** The users this plan retires; marked by {@link GatedPlan#beforeApply}. */
  List<RetiredUser> newlyRetired() {
    return List.copyOf(newlyRetired);
  }

  List<Change> stage(
      Plan plan, List<Change> changes, List<Refusal> refused, Map<Change, Hold> holds) {
    Map<String, RetiredUser> marks = state.all();
    clearStaleMarks(plan, changes, marks);
    List<Change> out = new ArrayList<>();
    for (Change c : changes) {
      List<String> removed = GuestChanges.removedServiceUsers(c);
      if (removed.isEmpty()
          || c.action() != Action.UPDATE
          || !(c.desired() instanceof GuestResource guest)) {
        out.add(c);
      } else if (isProtected(c.environment(), guest.vm())) {
        refused.add(refusal(c, guest, removed));
      } else if (!GuestChanges.roleVersionChanges(c.before(), c.after()).isEmpty()) {
        refused.add(versionAndRemoval(c, removed));
      } else {
        out.add(stageOne(c, guest, removed, marks, holds));
      }
    }
    return out;
  }

  private Change stageOne(
      Change c,
      GuestResource guest,
      List<String> removed,
      Map<String, RetiredUser> marks,
      Map<Change, Hold> holds) {
    List<RetiredUser> retiring = new ArrayList<>();
    List<String> over = new ArrayList<>();
    for (String user : removed) {
      RetiredUser mark = marks.get(guest.host() + "/" + guest.vm() + "/" + user);
      Optional<Integer> uid = uidOf(c, user);
      if (mark != null && now.isBefore(mark.deleteAfter(settings.gracePeriod()))) {
        retiring.add(mark);
      } else if (mark == null && !settings.gracePeriod().isZero() && uid.isPresent()) {
        RetiredUser fresh =
            new RetiredUser(guest.host(), guest.vm(), c.environment(), user, uid.get(), now);
        newlyRetired.add(fresh);
        retiring.add(fresh);
      } else {
        over.add(user);
      }
    }
    if (retiring.isEmpty()) {
      return StagedDeletion.withReason(c, RestartGate.join(c.reason(), overNote(over, marks, c)));
    }
    return retire(c, guest, retiring, over, marks, holds);
  }

  private Change retire(
      Change c,
      GuestResource guest,
      List<RetiredUser> retiring,
      List<String> over,
      Map<String, RetiredUser> marks,
      Map<Change, Hold> holds) {
    GuestResource kept = withRetired(guest, retiring);
    Instant due =
        retiring.stream()
            .map(r -> r.deleteAfter(settings.gracePeriod()))
            .min(Instant::compareTo)
            .orElseThrow();
    String note =
        "removed from Git: service user(s) "
            + names(retiring)
            + " retired (login disabled, uid and home kept) until "
            + due
            + "; homes deleted for good after that (needs "
            + settings.consent().destroy()
            + " then)";
    String reason = over.isEmpty() ? note : note + "; " + overNote(over, marks, c);
    boolean same =
        GuestAttributes.observable(kept.attributes())
            .equals(GuestAttributes.observable(c.before()));
    Change staged =
        new Change(
            c.resource(),
            c.environment(),
            same ? Action.NO_OP : Action.UPDATE,
            over.isEmpty() ? Impact.LIVE : Impact.DESTRUCTIVE,
            c.before(),
            kept.attributes(),
            kept,
            reason);
    holds.put(staged, hold(staged, retiring, due, same));
    return staged;
  }

  private GuestResource withRetired(GuestResource g, List<RetiredUser> retiring) {
    List<HostRetiredServiceUser> members = new ArrayList<>();
    List<GuestAccount> accounts = new ArrayList<>(g.accounts());
    for (RetiredUser r : retiring) {
      members.add(
          HostRetiredServiceUser.of(r.user(), r.uid(), r.deleteAfter(settings.gracePeriod())));
      accounts.add(new GuestAccount(r.user(), r.uid(), List.of(HostServiceUser.GROUP)));
    }
    String json = HostConfigJson.withRetiredServiceUsers(g.hostConfigJson(), members);
    return g.withConfig(json, HostConfigJson.contentHashOf(json), accounts);
  }

  private Hold hold(Change c, List<RetiredUser> retiring, Instant due, boolean held) {
    return new Hold(
        c.resource(),
        c.environment(),
        Hold.Kind.GRACE,
        "delete home(s) " + String.join(", ", retiring.stream().map(RetiredUser::home).toList()),
        "service user(s) "
            + names(retiring)
            + " retired; home(s) deleted for good after "
            + due
            + " (needs "
            + settings.consent().destroy()
            + " then)",
        null,
        null,
        due,
        held);
  }

  private String overNote(List<String> over, Map<String, RetiredUser> marks, Change c) {
    ResourceId id = c.resource();
    List<String> parts = new ArrayList<>();
    for (String user : over) {
      RetiredUser mark = marks.get(id.host() + "/" + id.name() + "/" + user);
      parts.add(
          mark == null
              ? user + " (no grace period)"
              : user + " (retired at " + mark.at() + ", grace period over)");
    }
    return "home(s) of " + String.join(", ", parts) + " deleted for good";
  }

  private void clearStaleMarks(Plan plan, List<Change> changes, Map<String, RetiredUser> marks) {
    marks
        .values()
        .removeIf(
            r -> {
              boolean stale = restored(r) || vmGone(r) || goneFromGuest(plan, changes, r);
              if (stale) {
                state.clear(r);
              }
              return stale;
            });
  }

  private boolean restored(RetiredUser r) {
    return environment(r.environment())
        .map(e -> e.serviceUsers().stream().anyMatch(s -> s.name().equals(r.user())))
        .orElse(false);
  }

  private boolean vmGone(RetiredUser r) {
    return fleet.environments().stream()
        .flatMap(e -> e.vms().stream())
        .noneMatch(v -> v.name().equals(r.vm()) && v.host().equals(r.host()));
  }

  private static boolean goneFromGuest(Plan plan, List<Change> changes, RetiredUser r) {
    ResourceId guest = ResourceId.guest(r.host(), r.vm());
    if (plan.unreachable().containsKey(guest.toString())) {
      return false;
    }
    return changes.stream()
        .filter(c -> c.resource().equals(guest))
        .anyMatch(c -> c.action() != Action.CREATE && !hasUser(c.before(), r.user()));
  }

  private boolean isProtected(String environment, String vm) {
    Optional<Environment> env = environment(environment);
    return env.map(Environment::protectedEnv).orElse(false)
        || env.flatMap(e -> e.vm(vm)).map(VmSpec::protectedVm).orElse(false);
  }

  private Optional<Environment> environment(String name) {
    return fleet.environments().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  private static Refusal refusal(Change c, GuestResource guest, List<String> removed) {
    return new Refusal(
        c.resource(),
        c.environment(),
        "VM "
            + guest.vm()
            + " is protected (protected: true): service user(s) "
            + String.join(", ", removed)
            + " and their homes under /srv are not removed; restore them in Git, or remove"
            + " protected: true in a commit of its own first");
  }

  /**
   * A removal is staged as a live retirement, a version change waits for the maintenance window:
   * one guest change cannot be both, so it is refused rather than run at the wrong time.
   */
  private static Refusal versionAndRemoval(Change c, List<String> removed) {
    return new Refusal(
        c.resource(),
        c.environment(),
        "service user(s) "
            + String.join(", ", removed)
            + " removed together with role version "
            + String.join(", ", GuestChanges.roleVersionChanges(c.before(), c.after()))
            + " in one guest change: the removal is staged at once, the version change waits for"
            + " the maintenance window; keep the installed version (write it out, e.g."
            + " postgresql16) until the removal is applied, or remove the user(s) in a commit of"
            + " their own first");
  }

  private static Optional<Integer> uidOf(Change c, String user) {
    for (String entry : c.before().getOrDefault(GuestAttributes.USERS, "").split(",")) {
      int colon = entry.indexOf(':');
      if (colon > 0 && entry.substring(0, colon).equals(user)) {
        String uid = entry.substring(colon + 1);
        return uid.matches("\\d{1,9}") ? Optional.of(Integer.parseInt(uid)) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean hasUser(Map<String, String> attributes, String user) {
    for (String entry : attributes.getOrDefault(GuestAttributes.USERS, "").split(",")) {
      if (entry.equals(user) || entry.startsWith(user + ":")) {
        return true;
      }
    }
    return false;
  }

  private static String names(List<RetiredUser> users) {
    return String.join(", ", users.stream().map(RetiredUser::user).toList());
  }
}
