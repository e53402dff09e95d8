package dev.ringmaster.reconciler.review;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.gate.Consent;
import dev.ringmaster.reconciler.gate.GatedPlan;
import dev.ringmaster.reconciler.gate.Hold;
import dev.ringmaster.reconciler.gate.MaintenanceSchedule;
import dev.ringmaster.reconciler.gate.MaintenanceWindow;
import dev.ringmaster.reconciler.gate.RetiredUser;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.gate.StagedDeletion;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns a plan that went through the {@link SafetyGate} into what a reviewer reads: per environment
 * its changes, restart changes with the window the gate scheduled them in, and each deletion of a
 * VM's domain or volumes shown as the destructive change it is, with the staging the gate puts it
 * through (soft delete and grace period, deletion budget) instead of a bare destroy. Protected VMs
 * appear as the gate's refusals. Pure and thread-safe.
 */
public final class PlanReview {
  static final String APPROVAL =
      "needs approval (apply --allow-mass-delete, or the daemon's approval API naming the merge"
          + " commit)";
  static final String MERGE_COMMIT = "the merge commit";
  private static final ResourceKinds KINDS = ResourceKinds.installed();

  private final GatedPlan gated;
  private final Duration grace;
  private final Consent consent;
  private final Instant now;
  private final Set<String> budgetHeld = new HashSet<>();
  private final Set<String> newlyRemoved = new HashSet<>();
  private final Set<String> protectedEnvironments = new HashSet<>();
  private final Map<String, List<RetiredUser>> newlyRetired = new HashMap<>();

  /** {@code fleets}: where to look up which environments are protected (head, then base). */
  PlanReview(GatedPlan gated, SafetySettings settings, Instant now, Fleet... fleets) {
    this.gated = gated;
    for (Fleet fleet : fleets) {
      fleet.environments().stream()
          .filter(Environment::protectedEnv)
          .forEach(e -> protectedEnvironments.add(e.name()));
    }
    this.grace = settings.gracePeriod();
    this.consent = settings.consent();
    this.now = now;
    gated.holds().stream()
        .filter(h -> h.kind() == Hold.Kind.BUDGET)
        .forEach(h -> budgetHeld.add(h.resource().host() + "/" + h.resource().name()));
    gated.newlySoftDeleted().forEach(s -> newlyRemoved.add(s.host() + "/" + s.vm()));
    gated
        .newlyRetired()
        .forEach(r -> newlyRetired.merge(r.host() + "/" + r.vm(), List.of(r), PlanReview::both));
  }

  private static List<RetiredUser> both(List<RetiredUser> a, List<RetiredUser> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  /** One plan per touched environment in name order, then the shared part when it has changes. */
  List<EnvironmentPlan> environments(Set<String> touched) {
    List<EnvironmentPlan> out = new ArrayList<>();
    new java.util.TreeSet<>(touched).forEach(name -> out.add(environment(name, name)));
    EnvironmentPlan shared = environment(EnvironmentPlan.SHARED, "");
    if (!shared.changes().isEmpty() || !shared.refused().isEmpty()) {
      out.add(shared);
    }
    return out;
  }

  private EnvironmentPlan environment(String name, String own) {
    return new EnvironmentPlan(
        name,
        gated.plan().actionable().stream()
            .filter(c -> c.environment().equals(own))
            .map(this::review)
            .toList(),
        gated.plan().refused().stream()
            .filter(r -> r.environment().equals(own))
            .map(this::why)
            .toList());
  }

  private Refusal why(Refusal r) {
    if (!protectedEnvironments.contains(r.environment()) || !r.reason().contains(" is protected")) {
      return r;
    }
    return new Refusal(
        r.resource(),
        r.environment(),
        r.reason() + " (the whole environment " + r.environment() + " is protected: true)");
  }

  PlannedChange review(Change c) {
    if (isSoftDeleteShutdown(c) || isBudgetHeldShutdown(c)) {
      return new PlannedChange(asDeletion(c), null, staging(c));
    }
    if (isVmDeletion(c)) {
      String staging = staging(c);
      return new PlannedChange(
          staging.isEmpty() ? c : StagedDeletion.withReason(c, ""), null, staging);
    }
    if (KINDS.of(c.resource()).carriesAccounts()) {
      String staging = userStaging(c);
      if (!staging.isEmpty()) {
        return new PlannedChange(destructive(c), null, staging);
      }
    }
    if (c.impact() == Impact.RESTART) {
      MaintenanceWindow window =
          gated
              .holdOf(c)
              .map(Hold::window)
              .orElseGet(() -> new MaintenanceSchedule(Maintenance.DEFAULT).scheduledFor(now, now));
      return new PlannedChange(c, window);
    }
    return new PlannedChange(c, null);
  }

  private String staging(Change c) {
    String key = StagedDeletion.key(c);
    if (budgetHeld.contains(key)) {
      return budgetText(gated.budgetExceeded(), consent);
    }
    if (newlyRemoved.contains(key)) {
      return "soft delete on merge: shut down, disks kept; deleted for good after "
          + duration(grace)
          + " ("
          + now.plus(grace)
          + " if merged now) unless restored in Git";
    }
    Hold hold = gated.holdOf(c).orElse(null);
    if (hold != null && hold.kind() == Hold.Kind.GRACE) {
      return "soft-deleted: shut down, disks kept; deleted for good after "
          + hold.due()
          + " unless restored in Git";
    }
    if (isSoftDeleteShutdown(c)) {
      return "soft-deleted: shut down again, disks kept until the grace period ends";
    }
    if (c.reason().contains("grace period over")) {
      return "grace period over: deleted for good (needs " + consent.destroy() + ")";
    }
    return "";
  }

  /**
   * How a PR plan shows the retirement of service users a guest change drops: newly removed ones
   * are retired on merge, ones in their grace period (live mode) keep their homes until it ends,
   * ones whose grace period is over lose their homes; empty when the change drops none or the grace
   * period is zero.
   */
  private String userStaging(Change c) {
    List<RetiredUser> retiring =
        newlyRetired.getOrDefault(c.resource().host() + "/" + c.resource().name(), List.of());
    if (!retiring.isEmpty()) {
      return "retired on merge: login disabled, uid and home "
          + homes(retiring)
          + " kept; home deleted for good after "
          + duration(grace)
          + " ("
          + now.plus(grace)
          + " if merged now) unless restored in Git";
    }
    Hold hold = gated.holdOf(c).orElse(null);
    if (hold != null && hold.kind() == Hold.Kind.GRACE) {
      return "retired: login disabled, uid and home kept; "
          + hold.reason().replaceFirst("^service user\\(s\\) [^;]* retired; ", "")
          + " unless restored in Git";
    }
    if (c.reason().contains("grace period over) deleted for good")) {
      return "grace period over: home deleted for good (needs " + consent.destroy() + ")";
    }
    return "";
  }

  private static String homes(List<RetiredUser> users) {
    return String.join(", ", users.stream().map(RetiredUser::home).toList());
  }

  private static Change destructive(Change c) {
    return new Change(
        c.resource(),
        c.environment(),
        c.action(),
        Impact.DESTRUCTIVE,
        c.before(),
        c.after(),
        c.desired(),
        "");
  }

  public static String budgetText(String gateReason) {
    return budgetText(gateReason, Consent.CLI);
  }

  /** The gate's budget reason as a PR plan says it, with the approval {@code consent} names. */
  public static String budgetText(String gateReason, Consent consent) {
    int end = gateReason.indexOf(StagedDeletion.NOTHING_DELETED_WITHOUT);
    String why =
        (end < 0 ? gateReason : gateReason.substring(0, end)).replace("this commit removes ", "");
    String approval =
        consent.equals(Consent.CLI)
            ? APPROVAL
            : "needs approval (" + consent.massDelete("").replace("the commit", MERGE_COMMIT) + ")";
    return why + "; " + approval;
  }

  static String duration(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    return d.toMinutes() + " minutes";
  }

  private static boolean isSoftDeleteShutdown(Change c) {
    return KINDS.of(c.resource()).standsForVm()
        && c.action() == Action.UPDATE
        && c.reason().startsWith(StagedDeletion.SOFT_DELETED);
  }

  /**
   * The soft delete of a removed VM that the deletion budget holds (its reason is the budget's).
   */
  private boolean isBudgetHeldShutdown(Change c) {
    return KINDS.of(c.resource()).standsForVm()
        && c.action() == Action.UPDATE
        && budgetHeld.contains(StagedDeletion.key(c));
  }

  private static boolean isVmDeletion(Change c) {
    return c.action() == Action.DELETE && KINDS.of(c.resource()).partOfVm();
  }

  private static Change asDeletion(Change c) {
    return new Change(
        c.resource(),
        c.environment(),
        Action.DELETE,
        Impact.DESTRUCTIVE,
        c.before(),
        new TreeMap<>(),
        null,
        "");
  }

  /**
   * The touched environments with a VM (at head or base) on a hypervisor that could not be
   * observed, with the hypervisor and the reason.
   */
  static SortedMap<String, String> unreachable(
      Map<String, String> hosts, Set<String> touched, Fleet head, Fleet base) {
    SortedMap<String, String> out = new TreeMap<>();
    for (String env : touched) {
      Stream.of(head, base)
          .flatMap(f -> f.environment(env).stream())
          .map(Environment::vms)
          .flatMap(List::stream)
          .map(VmSpec::host)
          .filter(hosts::containsKey)
          .distinct()
          .sorted()
          .findFirst()
          .ifPresent(h -> out.put(env, "hypervisor " + h + " unreachable: " + hosts.get(h)));
    }
    return out;
  }
}
