package dev.ringmaster.reconciler.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.driver.nixos.GuestResources;
import dev.ringmaster.driver.nixos.NixosDriverOptions;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.ServiceUserSpec;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.UserSpec;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.apply.HoldCheck;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.GuestChanges;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.Fleets;
import dev.ringmaster.reconciler.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Staged removal of service users through the real {@link SafetyGate} with a real state store and a
 * mutable clock. The guest is simulated by what was last activated on it (its attributes) and the
 * homes present under /srv; the planner's guest change is derived as the planner does (update,
 * destructive when a service user is dropped).
 */
class ServiceUserStagingTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final String S_OLD = "s-old";
  private static final NixosDriverOptions NIXOS =
      NixosDriverOptions.defaults(Path.of("/nonexistent/id_ed25519"), null);

  @TempDir Path dir;

  /** The guest: what is activated and which homes exist. */
  private SortedMap<String, String> installed;

  private final Set<String> homes = new TreeSet<>(Set.of("s-myapp", S_OLD));

  private static Fleet fleet(boolean envProtected, boolean vmProtected, String... serviceUsers) {
    VmSpec vm =
        new VmSpec(
            "myapp00",
            "kvm01",
            Size.gib(4),
            2,
            Size.gib(30),
            null,
            null,
            List.of(),
            true,
            java.util.Map.of(),
            vmProtected,
            null);
    Environment base = Fleets.environment("myapp-prod", "myapp", List.of(vm));
    List<ServiceUserSpec> services = new ArrayList<>();
    for (int i = 0; i < serviceUsers.length; i++) {
      services.add(new ServiceUserSpec(serviceUsers[i], 60123 + i));
    }
    Environment env =
        new Environment(
            base.name(),
            base.resourceGroup(),
            base.production(),
            base.location(),
            null,
            null,
            null,
            envProtected,
            base.networks(),
            List.<UserSpec>of(),
            services,
            base.vms(),
            null);
    return new Fleet(List.of(Fleets.hypervisor("kvm01", "test:///default", "vms")), List.of(env));
  }

  private static Fleet withOld() {
    return fleet(false, false, "s-myapp", S_OLD);
  }

  private static Fleet withoutOld() {
    return fleet(false, false, "s-myapp");
  }

  private static GuestResource desired(Fleet fleet) {
    Environment env = fleet.environments().get(0);
    return GuestResources.desired(fleet, env, env.vms().get(0), NIXOS);
  }

  /** The planner's guest change for {@code fleet} against the simulated guest. */
  private Plan planned(Fleet fleet) {
    GuestResource d = desired(fleet);
    boolean same = d.attributes().equals(installed);
    Change c =
        new Change(
            d.id(),
            d.environment(),
            same ? Action.NO_OP : Action.UPDATE,
            Impact.LIVE,
            installed,
            d.attributes(),
            d,
            "");
    List<String> removed = GuestChanges.removedServiceUsers(c);
    Impact impact = removed.isEmpty() ? Impact.LIVE : Impact.DESTRUCTIVE;
    return new Plan(
        "c1",
        List.of(
            new Change(
                c.resource(), c.environment(), c.action(), impact, c.before(), c.after(), d, "")));
  }

  /** The engine's treatment of the one guest change, as ApplyEngine/DriverActions do it. */
  private String apply(StateStore store, GatedPlan gated, boolean allowDestroy, Instant now) {
    gated.beforeApply(store, new SafetyOverrides(Set.of(), false, "alice"), now);
    HoldCheck check = gated.holdCheck(store, new SafetyOverrides(Set.of(), false, "alice"));
    Change c = gated.plan().changes().get(0);
    if (c.action() == Action.NO_OP) {
      return "nothing";
    }
    if (check.heldBecause(c).isPresent()) {
      return "held";
    }
    if (c.impact() == Impact.DESTRUCTIVE && !allowDestroy) {
      return "skipped";
    }
    if (c.impact() == Impact.DESTRUCTIVE) {
      GuestChanges.removedServiceUsers(c).forEach(homes::remove);
    }
    installed = new TreeMap<>(((GuestResource) c.desired()).attributes());
    return "applied";
  }

  private GatedPlan converge(StateStore store, SafetyGate gate, Fleet fleet, Instant now) {
    GatedPlan gated = pass(store, gate.gate(fleet, Set.of(), planned(fleet)));
    apply(store, gated, false, now);
    return gated;
  }

  static Stream<Arguments> afterRetirement() {
    return Stream.of(
        Arguments.of("one day later: kept, nothing to do", Duration.ofDays(1), false, "nothing"),
        Arguments.of(
            "one day later even with --allow-destroy", Duration.ofDays(1), true, "nothing"),
        Arguments.of(
            "a second before the end of the grace period",
            Duration.ofDays(3).minusSeconds(1),
            true,
            "nothing"),
        Arguments.of(
            "grace period over, without --allow-destroy: skipped, home kept",
            Duration.ofDays(3),
            false,
            "skipped"),
        Arguments.of(
            "grace period over, with --allow-destroy: home removed",
            Duration.ofDays(3),
            true,
            "applied"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("afterRetirement")
  void aRetiredUsersHomeGoesOnlyAfterTheGracePeriodAndWithAllowDestroy(
      String name, Duration later, boolean allowDestroy, String outcome) {
    MutableClock clock = new MutableClock(T0);
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, SafetySettings.defaults());
      installed = desired(withOld()).attributes();
      converge(store, gate, withoutOld(), T0);
      clock.set(T0.plus(later));

      GatedPlan gated = pass(store, gate.gate(withoutOld(), Set.of(), planned(withoutOld())));
      String result = apply(store, gated, allowDestroy, clock.instant());

      assertThat(result).isEqualTo(outcome);
      boolean removed = outcome.equals("applied");
      assertThat(homes.contains(S_OLD)).isEqualTo(!removed);
      assertThat(installed.get("users")).isEqualTo(removed ? "s-myapp:60123" : usersWithOld());
      Change c = gated.plan().changes().get(0);
      if (later.compareTo(Duration.ofDays(3)) < 0) {
        Hold hold = gated.holdOf(c).orElseThrow();
        assertThat(hold.kind()).isEqualTo(Hold.Kind.GRACE);
        assertThat(hold.due()).isEqualTo(T0.plus(Duration.ofDays(3)));
        assertThat(MaintenanceReport.of(gated).toJson().toString())
            .contains("grace")
            .contains("/srv/s-old");
      } else {
        assertThat(c.impact()).isEqualTo(Impact.DESTRUCTIVE);
        assertThat(c.reason()).contains("s-old (retired at " + T0 + ", grace period over)");
        assertThat(ServiceUserRemovals.of(gated.plan()))
            .isEqualTo(new ServiceUserRemovals(0, 0, 1));
      }
    }
  }

  private static String usersWithOld() {
    return "s-myapp:60123,s-old:60124";
  }

  static Stream<Arguments> consents() {
    return Stream.of(
        Arguments.of(Consent.CLI, "(needs --allow-destroy then)"),
        Arguments.of(Consent.DAEMON, "(needs ringmaster.reconcile.allow-destructive=true then)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("consents")
  void retirementNamesTheConsentOfWhereItIsRead(Consent consent, String needs) {
    MutableClock clock = new MutableClock(T0);
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate =
          new SafetyGate(store, clock, SafetySettings.defaults().withConsent(consent));
      installed = desired(withOld()).attributes();

      GatedPlan gated = pass(store, gate.gate(withoutOld(), Set.of(), planned(withoutOld())));
      Change c = gated.plan().changes().get(0);

      assertThat(c.reason()).endsWith(needs);
      assertThat(gated.holdOf(c).orElseThrow().reason()).endsWith(needs);
    }
  }

  @Test
  void aRemovedServiceUserIsRetiredAtOnceAsALiveChangeAndMarked() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, SafetySettings.defaults());
      installed = desired(withOld()).attributes();

      GatedPlan gated = pass(store, gate.gate(withoutOld(), Set.of(), planned(withoutOld())));
      Change c = gated.plan().changes().get(0);

      assertThat(c.action()).isEqualTo(Action.UPDATE);
      assertThat(c.impact()).isEqualTo(Impact.LIVE);
      assertThat(c.reason()).contains("s-old retired", "until 2026-11-25T10:00:00Z");
      assertThat(ServiceUserRemovals.of(gated.plan())).isEqualTo(new ServiceUserRemovals(1, 0, 0));
      assertThat(c.after().get("users")).isEqualTo(usersWithOld());
      JsonNode doc = new ObjectMapper().readTree(((GuestResource) c.desired()).hostConfigJson());
      assertThat(doc.get("serviceUsers")).hasSize(1);
      assertThat(doc.get("retiredServiceUsers").get(0).get("name").asText()).isEqualTo(S_OLD);
      assertThat(doc.get("retiredServiceUsers").get(0).get("uid").asInt()).isEqualTo(60124);
      assertThat(doc.get("retiredServiceUsers").get(0).get("deleteAfter").asText())
          .isEqualTo("2026-11-25T10:00:00Z");
      assertThat(
              gated.holdCheck(store, new SafetyOverrides(Set.of(), false, "alice")).heldBecause(c))
          .isEmpty();
      assertThat(store.entries("retired/")).isEmpty();

      clock.advance(Duration.ofMinutes(5));
      assertThat(apply(store, gated, false, clock.instant())).isEqualTo("applied");

      assertThat(store.entries("retired/"))
          .containsExactly(
              java.util.Map.entry(
                  "retired/kvm01/myapp00/s-old", "myapp-prod\t60124\t2026-11-22T10:00:00Z"));
      assertThat(homes).contains(S_OLD);
      GatedPlan next = pass(store, gate.gate(withoutOld(), Set.of(), planned(withoutOld())));
      assertThat(next.plan().changes().get(0).action()).isEqualTo(Action.NO_OP);
      assertThat(ServiceUserRemovals.of(next.plan())).isEqualTo(new ServiceUserRemovals(0, 1, 0));
      assertThat(ServiceUserRemovals.marked(store))
          .extracting(RetiredUser::user, RetiredUser::uid, RetiredUser::at)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(S_OLD, 60124, T0));
    }
  }

  @Test
  void restoringTheUserInGitBringsItBackWithItsHomeAndClearsTheMark() {
    MutableClock clock = new MutableClock(T0);
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, SafetySettings.defaults());
      installed = desired(withOld()).attributes();
      converge(store, gate, withoutOld(), T0);
      clock.advance(Duration.ofDays(2));

      GatedPlan gated = pass(store, gate.gate(withOld(), Set.of(), planned(withOld())));
      Change c = gated.plan().changes().get(0);

      assertThat(c.action()).isEqualTo(Action.UPDATE);
      assertThat(c.impact()).isEqualTo(Impact.LIVE);
      assertThat(((GuestResource) c.desired()).hostConfigJson())
          .doesNotContain("retiredServiceUsers");
      assertThat(store.entries("retired/")).isEmpty();
      assertThat(apply(store, gated, false, clock.instant())).isEqualTo("applied");
      assertThat(installed).isEqualTo(desired(withOld()).attributes());
      assertThat(homes).contains(S_OLD);

      clock.advance(Duration.ofDays(5));
      GatedPlan again = pass(store, gate.gate(withoutOld(), Set.of(), planned(withoutOld())));
      assertThat(again.plan().changes().get(0).impact())
          .as("removed again: a fresh grace period")
          .isEqualTo(Impact.LIVE);
    }
  }

  @Test
  void theMarkIsClearedOnceTheUserIsGoneFromTheGuest() {
    MutableClock clock = new MutableClock(T0);
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, SafetySettings.defaults());
      installed = desired(withOld()).attributes();
      converge(store, gate, withoutOld(), T0);
      clock.advance(Duration.ofDays(4));
      GatedPlan over = pass(store, gate.gate(withoutOld(), Set.of(), planned(withoutOld())));
      assertThat(apply(store, over, true, clock.instant())).isEqualTo("applied");

      GatedPlan after = pass(store, gate.gate(withoutOld(), Set.of(), planned(withoutOld())));

      assertThat(after.plan().changes().get(0).action()).isEqualTo(Action.NO_OP);
      assertThat(store.entries("retired/")).isEmpty();
      assertThat(homes).containsExactly("s-myapp");
    }
  }

  static Stream<Arguments> protections() {
    return Stream.of(
        Arguments.of("protected environment", true, false),
        Arguments.of("protected VM", false, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protections")
  void protectionForbidsRemovingAServiceUserAndItsHome(
      String name, boolean envProtected, boolean vmProtected) {
    MutableClock clock = new MutableClock(T0);
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, clock, SafetySettings.defaults());
      installed = desired(fleet(envProtected, vmProtected, "s-myapp", S_OLD)).attributes();
      Fleet removed = fleet(envProtected, vmProtected, "s-myapp");

      GatedPlan gated = pass(store, gate.gate(removed, Set.of(), planned(removed)));

      assertThat(gated.plan().applicable()).isFalse();
      assertThat(gated.plan().refused().get(0).reason())
          .contains("protected", "s-old", "/srv", "not removed");
      assertThat(gated.plan().changes()).isEmpty();
      assertThat(gated.newlyRetired()).isEmpty();
    }
  }

  @Test
  void withoutAGracePeriodTheRemovalIsDestructiveAtOnce() {
    MutableClock clock = new MutableClock(T0);
    try (StateStore store = StateStore.open(dir)) {
      SafetySettings none =
          SafetySettings.fromEnvironment(java.util.Map.of("RINGMASTER_DELETE_GRACE", "PT0S"));
      SafetyGate gate = new SafetyGate(store, clock, none);
      installed = desired(withOld()).attributes();

      GatedPlan gated = pass(store, gate.gate(withoutOld(), Set.of(), planned(withoutOld())));

      Change c = gated.plan().changes().get(0);
      assertThat(c.impact()).isEqualTo(Impact.DESTRUCTIVE);
      assertThat(c.reason()).contains("s-old (no grace period)");
      assertThat(apply(store, gated, true, clock.instant())).isEqualTo("applied");
      assertThat(homes).containsExactly("s-myapp");
    }
  }

  /** A reconcile pass gates and records the gate's effects (a preview would drop them). */
  private static GatedPlan pass(StateStore store, GatedPlan gated) {
    gated.commitEffects(store);
    return gated;
  }
}
