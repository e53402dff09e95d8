package dev.ringmaster.reconciler.plan;

import static dev.ringmaster.reconciler.testing.Fleets.fleet;
import static dev.ringmaster.reconciler.testing.Fleets.observedAsDesired;
import static dev.ringmaster.reconciler.testing.Fleets.vm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.SeedResource;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.InterfaceAddresses;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed kind's plan and drift rules, case by case. */
class SeedPlanningTest {
  private static final String URI = "test:///default";
  private static final VmSpec VM = vm("myapp00", "kvm01", Size.gib(4), 2, Size.gib(30));
  private static final Fleet BASE = fleet(URI, "vms", VM);
  private static final Fleet MOVED =
      fleet(
          URI,
          "vms",
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
              Map.of(NetworkKind.SRV, new InterfaceAddresses("10.3.0.99", null)),
              false,
              null));
  private static final ResourceId SEED = ResourceId.seed("kvm01", "myapp00");

  /** What the planner decided for the seed: action, whether the volume is written, reason. */
  record Outcome(Action action, boolean writes, String reasonContains) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a new VM gets its seed written",
            BASE,
            (UnaryOperator<HypervisorObservation>) o -> without(o, true, true),
            false,
            new Outcome(Action.CREATE, true, "missing")),
        Arguments.of(
            "an unchanged seed is left alone",
            BASE,
            UnaryOperator.<HypervisorObservation>identity(),
            true,
            new Outcome(Action.NO_OP, true, "")),
        Arguments.of(
            "a changed seed of a booted VM is recorded, not rewritten",
            MOVED,
            UnaryOperator.<HypervisorObservation>identity(),
            true,
            new Outcome(Action.UPDATE, false, "takes effect only when the VM is re-created")),
        Arguments.of(
            "a changed seed of a VM not yet defined is rewritten",
            MOVED,
            (UnaryOperator<HypervisorObservation>) o -> without(o, true, false),
            true,
            new Outcome(Action.UPDATE, true, "VM not defined yet")),
        Arguments.of(
            "a seed written but not recorded before a crash is rewritten",
            BASE,
            (UnaryOperator<HypervisorObservation>) o -> without(o, true, false),
            false,
            new Outcome(Action.CREATE, true, "not recorded")),
        Arguments.of(
            "a lost state store adopts the seed of a booted VM",
            BASE,
            UnaryOperator.<HypervisorObservation>identity(),
            false,
            new Outcome(Action.NO_OP, true, "")),
        Arguments.of(
            "a seed volume deleted by hand is written anew with a fresh pin",
            BASE,
            (UnaryOperator<HypervisorObservation>) o -> without(o, false, true),
            true,
            new Outcome(Action.CREATE, true, "a key already pinned for the VM is kept")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansTheSeed(
      String name,
      Fleet fleet,
      UnaryOperator<HypervisorObservation> live,
      boolean recorded,
      Outcome expected) {
    DesiredState applied = DesiredState.of(BASE, Set.of());
    HypervisorObservation observed = live.apply(observedAsDesired("kvm01", applied));
    Plan plan =
        Planner.plan(
            "c2",
            DesiredState.of(fleet, Set.of()),
            Observation.of(List.of(observed)),
            recorded ? appliedAs(applied) : LastApplied.empty());

    Change seed =
        plan.changes().stream().filter(c -> c.resource().equals(SEED)).findFirst().orElseThrow();
    assertThat(new Outcome(seed.action(), ((SeedResource) seed.desired()).writeVolume(), ""))
        .isEqualTo(new Outcome(expected.action(), expected.writes(), ""));
    assertThat(seed.reason()).contains(expected.reasonContains());
    assertThat(seed.impact()).isEqualTo(Impact.LIVE);
    if (seed.action() != Action.NO_OP && expected.writes()) {
      assertThat(((SeedResource) seed.desired()).replacePin())
          .as("only a seed written for a VM that does not exist yet replaces a pin")
          .isEqualTo(observed.domains().isEmpty());
    }
    assertThat(seed.after()).doesNotContainKey("private").containsKeys("content", "addresses");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("driftCases")
  void driftSeesAMissingSeedVolume(String name, boolean volumePresent, int driftItems) {
    DesiredState desired = DesiredState.of(BASE, Set.of());
    HypervisorObservation observed =
        volumePresent
            ? observedAsDesired("kvm01", desired)
            : without(observedAsDesired("kvm01", desired), false, true);
    DriftReport drift =
        Planner.drift("c2", desired, Observation.of(List.of(observed)), appliedAs(desired));
    assertThat(drift.items()).hasSize(driftItems);
    if (driftItems == 1) {
      assertThat(drift.items().get(0))
          .isEqualTo(new DriftItem("myapp-prod", SEED, DriftItem.EXISTS, "true", "false"));
    }
  }

  static Stream<Arguments> driftCases() {
    return Stream.of(
        Arguments.of("seed volume present: no drift", true, 0),
        Arguments.of("seed volume deleted by hand: drift", false, 1));
  }

  /** The observation without the seed volume and/or without the domain. */
  private static HypervisorObservation without(
      HypervisorObservation o, boolean dropDomain, boolean dropSeed) {
    List<ObservedVolume> volumes =
        o.volumes().stream().filter(v -> !(dropSeed && v.name().equals("myapp00-seed"))).toList();
    List<ObservedDomain> domains = dropDomain ? List.of() : o.domains();
    return new HypervisorObservation(o.host(), o.networks(), volumes, domains);
  }

  private static LastApplied appliedAs(DesiredState desired) {
    return LastApplied.of(
        desired.resources().values().stream()
            .map(DesiredResource.class::cast)
            .map(
                r ->
                    new AppliedRecord(r.id(), r.attributes(), r.environment(), "c1", Instant.EPOCH))
            .toList());
  }
}
