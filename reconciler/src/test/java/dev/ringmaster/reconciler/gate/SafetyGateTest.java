package dev.ringmaster.reconciler.gate;

import static dev.ringmaster.reconciler.testing.Fleets.vm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Size;
import dev.ringmaster.reconciler.apply.HoldCheck;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.Fleets;
import dev.ringmaster.reconciler.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The safety gate's decisions with a controllable clock and a real state store. Default window:
 * 22:00–05:00 Europe/Berlin (21:00–04:00 UTC in November), lead time 12 h.
 */
class SafetyGateTest {
  private static final ResourceId DOMAIN = ResourceId.domain("kvm01", "app00");

  @TempDir Path dir;

  static Stream<Arguments> restarts() {
    return Stream.of(
        Arguments.of(
            "held outside the window, scheduled for the next night known 12 h ahead",
            "2026-11-22T10:00:00Z",
            "2026-11-22T10:00:00Z",
            Set.of(),
            true,
            "2026-11-23 22:00–05:00 Europe/Berlin"),
        Arguments.of(
            "held inside an open window when known too late for it",
            "2026-11-22T12:00:00Z",
            "2026-11-22T22:00:00Z",
            Set.of(),
            true,
            "2026-11-23 22:00–05:00 Europe/Berlin"),
        Arguments.of(
            "known exactly lead time before the opening: runs in it",
            "2026-11-22T09:00:00Z",
            "2026-11-22T21:00:00Z",
            Set.of(),
            false,
            "2026-11-22 22:00–05:00 Europe/Berlin"),
        Arguments.of(
            "applied inside its window",
            "2026-11-22T08:00:00Z",
            "2026-11-23T03:59:59Z",
            Set.of(),
            false,
            "2026-11-22 22:00–05:00 Europe/Berlin"),
        Arguments.of(
            "held again after its window closed unapplied: the next night",
            "2026-11-22T08:00:00Z",
            "2026-11-23T04:00:00Z",
            Set.of(),
            true,
            "2026-11-23 22:00–05:00 Europe/Berlin"),
        Arguments.of(
            "apply --now for its environment lifts the hold",
            "2026-11-22T10:00:00Z",
            "2026-11-22T10:05:00Z",
            Set.of("app-prod"),
            false,
            "2026-11-23 22:00–05:00 Europe/Berlin"),
        Arguments.of(
            "apply --now for another environment does not",
            "2026-11-22T10:00:00Z",
            "2026-11-22T10:05:00Z",
            Set.of("other-prod"),
            true,
            "2026-11-23 22:00–05:00 Europe/Berlin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("restarts")
  void restartChangesRunOnlyInTheirWindowOrWhenForced(
      String name, String knownAt, String now, Set<String> forced, boolean held, String window) {
    MutableClock clock = MutableClock.at(knownAt);
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, SafetySettings.defaults());
      pass(store, gate.gate(fleet(), Set.of(), plan(restart("2GiB"))));
      clock.set(Instant.parse(now));
      GatedPlan gated = pass(store, gate.gate(fleet(), Set.of(), plan(restart("2GiB"))));

      Change change = gated.plan().changes().get(0);
      Hold hold = gated.holdOf(change).orElseThrow();
      assertThat(hold.window().render()).isEqualTo(window);
      assertThat(hold.knownSince()).isEqualTo(Instant.parse(knownAt));
      HoldCheck check = gated.holdCheck(store, new SafetyOverrides(forced, false, "alice"));
      assertThat(check.heldBecause(change).isPresent()).isEqualTo(held);
      if (hold.held()) {
        assertThat(change.reason()).contains("waiting for maintenance window " + window);
      }
      if (check.heldBecause(change).isEmpty()) {
        check.proceeding(change);
      }
      assertThat(overrideEntries(store))
          .hasSize(hold.held() && !held ? 1 : 0)
          .allSatisfy(e -> assertThat(e.message()).contains("alice", "apply --now app-prod"));
    }
  }

  @Test
  void aNewDesiredSpecRestartsTheLeadTime() {
    MutableClock clock = MutableClock.at("2026-11-22T08:00:00Z");
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, SafetySettings.defaults());
      pass(store, gate.gate(fleet(), Set.of(), plan(restart("2GiB"))));
      clock.set(Instant.parse("2026-11-22T21:30:00Z"));
      GatedPlan gated = pass(store, gate.gate(fleet(), Set.of(), plan(restart("4GiB"))));
      Hold hold = gated.holds().get(0);
      assertThat(hold.knownSince()).isEqualTo(clock.instant());
      assertThat(hold.held()).isTrue();
      assertThat(store.entries("known/")).hasSize(1);
    }
  }

  @Test
  void aProtectedVmIsRefusedAndARemovalBeyondTheBudgetIsHeld() {
    MutableClock clock = MutableClock.at("2026-11-22T08:00:00Z");
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, new SafetySettings(null, 25, 1));
      Fleet protectedEnv = new Fleet(fleet().hypervisors(), List.of(environment(true)));
      GatedPlan refused =
          pass(store, gate.gate(protectedEnv, Set.of(), plan(delete("app01"), delete("app02"))));
      assertThat(refused.plan().refused())
          .hasSize(2)
          .allSatisfy(r -> assertThat(r.reason()).contains("is protected"));
      assertThat(refused.plan().changes()).isEmpty();

      GatedPlan overBudget =
          pass(store, gate.gate(fleet(), Set.of(), plan(delete("app01"), delete("app02"))));
      assertThat(overBudget.budgetExceeded()).contains("2 VMs fleet-wide (more than 1)");
      assertThat(overBudget.holds()).extracting(Hold::kind).containsOnly(Hold.Kind.BUDGET);
    }
  }

  @Test
  void aPassRemembersTheProtectionOfItsOwnEnvironmentsVmsOnly() {
    MutableClock clock = MutableClock.at("2026-11-22T08:00:00Z");
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, new SafetySettings(null, 25, 5));
      Environment other =
          Fleets.environment(
              "other-prod", "other", List.of(vm("other00", "kvm01", Size.gib(1), 1, Size.gib(10))));
      Environment otherProtected =
          new Environment(
              other.name(),
              other.resourceGroup(),
              other.production(),
              other.location(),
              other.maintenance(),
              other.backup(),
              other.driftPolicy(),
              true,
              other.networks(),
              other.users(),
              other.serviceUsers(),
              other.vms(),
              other.source());
      Fleet both = new Fleet(fleet().hypervisors(), List.of(environment(true), otherProtected));

      pass(store, gate.gate(both, Set.of("app-prod"), plan()));
      assertThat(store.entries("protected/")).containsOnlyKeys("protected/kvm01/app00");

      pass(store, gate.gate(both, Set.of(), plan()));
      assertThat(store.entries("protected/"))
          .containsOnlyKeys("protected/kvm01/app00", "protected/kvm01/other00");

      // app00 is gone from the fleet: its remembered protection still refuses its deletion
      Fleet without = new Fleet(fleet().hypervisors(), List.of(otherProtected));
      GatedPlan refused =
          pass(store, gate.gate(without, Set.of("app-prod"), plan(delete("app00"))));
      assertThat(refused.plan().refused())
          .singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("is protected"));
    }
  }

  @Test
  void theFleetWideBudgetCountsVmsTheSameCommitRemovesFromEnvironmentsOutsideTheScope() {
    MutableClock clock = MutableClock.at("2026-11-22T08:00:00Z");
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, new SafetySettings(null, 100, 2));
      for (String vm : List.of("web00", "web01")) {
        store.putApplied(
            new AppliedRecord(
                ResourceId.domain("kvm01", vm), new TreeMap<>(), "web-prod", "c0", Instant.EPOCH));
      }
      GatedPlan scoped = pass(store, gate.gate(fleet(), Set.of("app-prod"), plan(delete("app01"))));
      assertThat(scoped.budgetExceeded()).contains("3 VMs fleet-wide (more than 2)");
      assertThat(scoped.holds()).extracting(Hold::kind).containsOnly(Hold.Kind.BUDGET);

      store.putApplied(
          new AppliedRecord(
              ResourceId.domain("kvm01", "app00"),
              new TreeMap<>(),
              "app-prod",
              "c0",
              Instant.EPOCH));
      store.removeApplied(ResourceId.domain("kvm01", "web01"));
      GatedPlan within = pass(store, gate.gate(fleet(), Set.of("app-prod"), plan(delete("app01"))));
      assertThat(within.budgetExceeded()).isEmpty();
    }
  }

  private static List<JournalEntry> overrideEntries(StateStore store) {
    return store.journal(Long.MAX_VALUE, 100).stream()
        .filter(e -> e.passId().startsWith("override-"))
        .toList();
  }

  private static Fleet fleet() {
    return new Fleet(
        List.of(Fleets.hypervisor("kvm01", "test:///default", "default-pool")),
        List.of(environment(false)));
  }

  private static Environment environment(boolean isProtected) {
    Environment e =
        Fleets.environment(
            "app-prod", "app", List.of(vm("app00", "kvm01", Size.gib(1), 1, Size.gib(10))));
    return new Environment(
        e.name(),
        e.resourceGroup(),
        e.production(),
        e.location(),
        e.maintenance(),
        e.backup(),
        e.driftPolicy(),
        isProtected,
        e.networks(),
        e.users(),
        e.serviceUsers(),
        e.vms(),
        e.source());
  }

  private static Plan plan(Change... changes) {
    return new Plan("c1", List.of(changes));
  }

  private static Change restart(String memory) {
    TreeMap<String, String> before = new TreeMap<>();
    before.put("memory", "1GiB");
    TreeMap<String, String> after = new TreeMap<>();
    after.put("memory", memory);
    return new Change(
        DOMAIN, "app-prod", Action.UPDATE, Impact.RESTART, before, after, null, "memory");
  }

  private static Change delete(String vm) {
    TreeMap<String, String> before = new TreeMap<>();
    before.put("running", "true");
    return new Change(
        ResourceId.domain("kvm01", vm),
        "app-prod",
        Action.DELETE,
        Impact.DESTRUCTIVE,
        before,
        new TreeMap<>(),
        null,
        "owned domain no longer in the fleet");
  }

  /** A reconcile pass gates and records the gate's effects (a preview would drop them). */
  private static GatedPlan pass(StateStore store, GatedPlan gated) {
    gated.commitEffects(store);
    return gated;
  }
}
