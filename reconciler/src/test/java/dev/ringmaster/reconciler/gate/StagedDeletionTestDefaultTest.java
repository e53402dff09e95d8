package dev.ringmaster.reconciler.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.apply.RetryPolicy;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.Fleets;
import dev.ringmaster.reconciler.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged deletion, maintenance windows and degradation end to end: the real engine, state store and
 * libvirt driver on libvirt's embedded {@code test:///default} (its state lives as long as this
 * process, so the whole story runs in one test), with a clock the test moves. Hypervisor {@code
 * kvm07} is reachable; {@code kvm09} points at a libvirt URI that cannot be opened.
 */
class StagedDeletionTestDefaultTest {
  private static final String HOST = "kvm07";
  private static final Duration SHUTDOWN = Duration.ofSeconds(5);
  private static final ApplyPolicy LIVE = ApplyPolicy.liveOnly();
  private static final ApplyPolicy DESTROY = new ApplyPolicy(false, true, SHUTDOWN);
  private static final ApplyPolicy RESTART = new ApplyPolicy(true, false, SHUTDOWN);

  @TempDir Path state;

  private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");

  @Test
  void softDeleteRestoreGracePeriodProtectionBudgetWindowsAndAnUnreachableHost() {
    try (StateStore store = StateStore.open(state);
        DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      Reconciler r =
          new Reconciler(
              drivers,
              store,
              ReconcilerConfig.defaults().withRetry(RetryPolicy.none()).withClock(clock));

      PlanResult first = r.plan(snapshot(shop(0, 1, 2, 3), Size.gib(1)), Set.of());
      assertThat(first.plan().unreachable()).containsOnlyKeys("kvm09");
      assertThat(first.plan().changes()).noneMatch(c -> c.environment().equals("dead-prod"));
      ApplyReport converge = r.apply(first, LIVE, ApplyListener.NONE);
      assertThat(converge.results()).isNotEmpty().allMatch(a -> a.outcome() == Outcome.OK);
      assertThat(runningDomains(drivers))
          .contains("shop00", "shop01", "shop02", "shop03", "keep00");

      Map<String, ObservedVolume> volumesBefore = volumesOf(drivers, "shop03");
      PlanResult removed = r.plan(snapshot(shop(0, 1, 2), Size.gib(1)), Set.of());
      assertThat(change(removed, "domain/kvm07/shop03").action()).isEqualTo(Action.UPDATE);
      assertThat(change(removed, "domain/kvm07/shop03").reason()).contains("soft delete");
      assertThat(change(removed, "volume/kvm07/shop03-root").reason())
          .contains("deleted for good after 2026-11-25T10:00:00Z");
      ApplyReport soft = r.apply(removed, DESTROY, ApplyListener.NONE);
      assertThat(soft.failed()).isFalse();
      assertThat(domain(drivers, "shop03").running()).isFalse();
      assertThat(volumesOf(drivers, "shop03")).isEqualTo(volumesBefore);

      clock.advance(Duration.ofHours(5));
      ApplyReport restored =
          apply(r, snapshot(shop(0, 1, 2, 3), Size.gib(1)), LIVE, SafetyOverrides.none());
      assertThat(restored.converged()).isTrue();
      assertThat(domain(drivers, "shop03").running()).isTrue();
      assertThat(volumesOf(drivers, "shop03")).isEqualTo(volumesBefore);
      assertThat(store.entries("softdelete/")).isEmpty();

      apply(r, snapshot(shop(0, 1, 2), Size.gib(1)), LIVE, SafetyOverrides.none());
      assertThat(store.entries("softdelete/")).containsOnlyKeys("softdelete/kvm07/shop03");
      clock.advance(Duration.ofDays(1));
      ApplyReport waiting =
          apply(r, snapshot(shop(0, 1, 2), Size.gib(1)), DESTROY, SafetyOverrides.none());
      assertThat(waiting.withOutcome(Outcome.SKIPPED))
          .hasSize(4)
          .allSatisfy(a -> assertThat(a.message()).contains("soft-deleted; deleted for good"));
      assertThat(domain(drivers, "shop03").running()).isFalse();

      clock.advance(Duration.ofDays(2));
      ApplyReport notAllowed =
          apply(r, snapshot(shop(0, 1, 2), Size.gib(1)), LIVE, SafetyOverrides.none());
      assertThat(notAllowed.withOutcome(Outcome.SKIPPED))
          .allSatisfy(a -> assertThat(a.message()).contains("--allow-destroy"));
      ApplyReport hard =
          apply(r, snapshot(shop(0, 1, 2), Size.gib(1)), DESTROY, SafetyOverrides.none());
      assertThat(hard.converged()).isTrue();
      assertThat(observe(drivers).domains()).noneMatch(d -> d.name().equals("shop03"));
      assertThat(volumesOf(drivers, "shop03")).isEmpty();
      assertThat(store.interrupted()).isEmpty();
      PlanResult gone = r.plan(snapshot(shop(0, 1, 2), Size.gib(1)), Set.of());
      assertThat(store.entries("softdelete/")).as("planning is a preview").isNotEmpty();
      r.record(gone);
      assertThat(store.entries("softdelete/")).as("a recorded pass clears the mark").isEmpty();

      PlanResult protectedGone = r.plan(snapshotWithoutKeep(shop(0, 1, 2)), Set.of());
      assertThat(protectedGone.plan().refused())
          .singleElement()
          .satisfies(f -> assertThat(f.reason()).contains("keep00 is protected"));
      assertThatThrownBy(() -> r.apply(protectedGone, DESTROY, ApplyListener.NONE))
          .isInstanceOf(RingmasterException.class);
      assertThat(domain(drivers, "keep00").running()).isTrue();

      PlanResult mass = r.plan(snapshot(shop(0), Size.gib(1)), Set.of());
      assertThat(change(mass, "domain/kvm07/shop01").reason())
          .contains("deletion budget exceeded", "2 of 3 VMs of shop-prod");
      ApplyReport refusedMass = r.apply(mass, DESTROY, ApplyListener.NONE);
      assertThat(refusedMass.skippedAny()).isTrue();
      assertThat(runningDomains(drivers)).contains("shop01", "shop02");
      assertThat(store.entries("softdelete/")).isEmpty();
      ApplyReport approvedMass =
          r.apply(mass, DESTROY, new SafetyOverrides(Set.of(), true, "bob"), ApplyListener.NONE);
      assertThat(approvedMass.failed()).isFalse();
      assertThat(runningDomains(drivers)).doesNotContain("shop01", "shop02").contains("shop00");
      assertThat(store.entries("softdelete/")).hasSize(2);
      assertThat(overrides(store)).anyMatch(m -> m.contains("bob: --allow-mass-delete"));
      apply(r, snapshot(shop(0, 1, 2), Size.gib(1)), LIVE, SafetyOverrides.none());
      assertThat(runningDomains(drivers)).contains("shop00", "shop01", "shop02");

      Fleet bigger = snapshot(shop(0, 1, 2), Size.gib(2)).fleet();
      PlanResult heldRestart = r.plan(new FleetSnapshot(bigger, "c2"), Set.of());
      assertThat(change(heldRestart, "domain/kvm07/shop00").reason())
          .contains("waiting for maintenance window");
      ApplyReport outside = r.apply(heldRestart, RESTART, ApplyListener.NONE);
      assertThat(outside.withOutcome(Outcome.SKIPPED)).hasSize(3);
      assertThat(domain(drivers, "shop00").memory()).isEqualTo(Size.gib(1));

      ApplyReport forced =
          r.apply(
              r.plan(new FleetSnapshot(bigger, "c2"), Set.of("shop-prod")),
              RESTART,
              new SafetyOverrides(Set.of("shop-prod"), false, "carol"),
              ApplyListener.NONE);
      assertThat(forced.converged()).isTrue();
      assertThat(domain(drivers, "shop00").memory()).isEqualTo(Size.gib(2));
      assertThat(domain(drivers, "shop00").running()).isTrue();
      assertThat(overrides(store)).filteredOn(m -> m.contains("carol: apply --now")).hasSize(3);

      Fleet biggest = fleet(shop(0, 1, 2), Size.gib(2), true, 2);
      PlanResult seen = r.plan(new FleetSnapshot(biggest, "c3"), Set.of());
      r.record(seen);
      Hold scheduled = seen.safety().holds().get(0);
      clock.set(scheduled.window().opens().toInstant().plusSeconds(60));
      ApplyReport inWindow =
          apply(r, new FleetSnapshot(biggest, "c3"), RESTART, SafetyOverrides.none());
      assertThat(inWindow.converged()).as("%s", inWindow.results()).isTrue();
      assertThat(domain(drivers, "shop02").cores()).isEqualTo(2);
      assertThat(domain(drivers, "shop02").running()).isTrue();
    }
  }

  private static ApplyReport apply(
      Reconciler r, FleetSnapshot snapshot, ApplyPolicy policy, SafetyOverrides overrides) {
    return r.apply(r.plan(snapshot, Set.of()), policy, overrides, ApplyListener.NONE);
  }

  private static List<String> shop(int... numbers) {
    List<String> names = new ArrayList<>();
    for (int n : numbers) {
      names.add(String.format("shop%02d", n));
    }
    return names;
  }

  private static FleetSnapshot snapshot(List<String> shopVms, Size memory) {
    return new FleetSnapshot(fleet(shopVms, memory, true), "c1");
  }

  private static FleetSnapshot snapshotWithoutKeep(List<String> shopVms) {
    return new FleetSnapshot(fleet(shopVms, Size.gib(1), false), "c1");
  }

  private static Fleet fleet(List<String> shopVms, Size memory, boolean withKeep) {
    return fleet(shopVms, memory, withKeep, 1);
  }

  private static Fleet fleet(List<String> shopVms, Size memory, boolean withKeep, int cores) {
    List<VmSpec> shop = shopVms.stream().map(n -> vm(n, HOST, memory, cores, false)).toList();
    return new Fleet(
        List.of(
            Fleets.hypervisor(HOST, "test:///default", "default-pool"),
            Fleets.hypervisor("kvm09", "test:///nonexistent/ringmaster-no-such-file.xml", "p")),
        List.of(
            Fleets.environment("shop-prod", "shop", shop),
            Fleets.environment(
                "keep-prod",
                "keep",
                withKeep ? List.of(vm("keep00", HOST, Size.gib(1), 1, true)) : List.of()),
            Fleets.environment(
                "dead-prod", "dead", List.of(vm("dead00", "kvm09", memory, 1, false)))));
  }

  private static VmSpec vm(String name, String host, Size memory, int cores, boolean isProtected) {
    return new VmSpec(
        name,
        host,
        memory,
        cores,
        Size.gib(1),
        null,
        null,
        List.of(),
        true,
        Map.of(),
        isProtected,
        null);
  }

  private static Change change(PlanResult planned, String resource) {
    return planned.plan().changes().stream()
        .filter(c -> c.resource().toString().equals(resource))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no change of " + resource));
  }

  private static List<String> overrides(StateStore store) {
    return store.journal(Long.MAX_VALUE, 1000).stream()
        .filter(e -> e.passId().startsWith("override-"))
        .map(JournalEntry::message)
        .toList();
  }

  private static HypervisorObservation observe(DriverRegistry drivers) {
    return drivers.connected(HOST).orElseThrow().observe();
  }

  private static List<String> runningDomains(DriverRegistry drivers) {
    return observe(drivers).domains().stream()
        .filter(ObservedDomain::running)
        .map(ObservedDomain::name)
        .toList();
  }

  private static ObservedDomain domain(DriverRegistry drivers, String name) {
    return observe(drivers).domains().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, ObservedVolume> volumesOf(DriverRegistry drivers, String vm) {
    return observe(drivers).volumes().stream()
        .filter(v -> v.name().startsWith(vm + "-"))
        .collect(Collectors.toMap(ObservedVolume::name, v -> v));
  }
}
