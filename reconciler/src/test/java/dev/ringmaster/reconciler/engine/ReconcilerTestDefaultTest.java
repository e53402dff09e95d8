package dev.ringmaster.reconciler.engine;

import static dev.ringmaster.reconciler.testing.Fleets.vm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Size;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.apply.RetryPolicy;
import dev.ringmaster.reconciler.gate.SafetyOverrides;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.Fleets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole engine through the real libvirt driver on libvirt's embedded test:///default. */
class ReconcilerTestDefaultTest {
  private static final String URI = "test:///default";
  private static final String POOL = "default-pool";
  private static final Duration SHUTDOWN = Duration.ofSeconds(5);
  private static final Set<String> SCOPE = Set.of("myapp-prod");

  @TempDir Path state;

  @Test
  void convergesThenHonoursRestartAndDestroyFlagsAndLeavesForeignObjectsAlone() {
    Fleet small = Fleets.fleet(URI, POOL, vm("engine00", "kvm01", Size.gib(1), 1, Size.gib(10)));
    Fleet bigger = Fleets.fleet(URI, POOL, vm("engine00", "kvm01", Size.gib(2), 1, Size.gib(10)));
    Fleet none = Fleets.fleet(URI, POOL);
    try (StateStore store = StateStore.open(state);
        DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      Reconciler r =
          new Reconciler(
              drivers,
              store,
              ReconcilerConfig.defaults()
                  .withRetry(RetryPolicy.none())
                  .withSafety(new SafetySettings(Duration.ZERO, 25, 5)));

      ApplyReport first = apply(r, small, ApplyPolicy.liveOnly());
      assertThat(first.converged()).as("%s", first.results()).isTrue();
      assertThat(first.results())
          .extracting(a -> a.change().resource().toString())
          .contains("domain/kvm01/engine00", "volume/kvm01/engine00-root");
      assertThat(r.plan(new FleetSnapshot(small, "c1"), SCOPE).plan().isEmpty()).isTrue();

      ApplyReport withoutRestart = apply(r, bigger, ApplyPolicy.liveOnly());
      assertThat(withoutRestart.withOutcome(Outcome.SKIPPED))
          .singleElement()
          .satisfies(s -> assertThat(s.change().impact()).isEqualTo(Impact.RESTART))
          .satisfies(s -> assertThat(s.message()).contains("--allow-restart"));
      assertThat(domain(drivers, "engine00").memory()).isEqualTo(Size.gib(1));

      ApplyReport withRestart =
          r.apply(
              r.plan(new FleetSnapshot(bigger, "c1"), SCOPE),
              new ApplyPolicy(true, false, SHUTDOWN),
              new SafetyOverrides(Set.of("myapp-prod"), false, "test"),
              ApplyListener.NONE);
      assertThat(withRestart.converged()).isTrue();
      assertThat(domain(drivers, "engine00").memory()).isEqualTo(Size.gib(2));
      assertThat(domain(drivers, "engine00").running()).isTrue();

      ApplyReport withoutDestroy = apply(r, none, new ApplyPolicy(true, false, SHUTDOWN));
      assertThat(withoutDestroy.withOutcome(Outcome.SKIPPED)).isNotEmpty();
      assertThat(observe(drivers).domains()).anyMatch(d -> d.name().equals("engine00"));

      ApplyReport withDestroy = apply(r, none, new ApplyPolicy(true, true, SHUTDOWN));
      assertThat(withDestroy.converged()).isTrue();
      HypervisorObservation after = observe(drivers);
      assertThat(after.domains()).noneMatch(d -> d.name().equals("engine00"));
      assertThat(after.volumes()).noneMatch(v -> v.name().startsWith("engine00-"));
      assertThat(after.domains()).anyMatch(d -> d.name().equals("test") && d.running());
      assertThat(after.networks()).anyMatch(n -> n.name().equals("default"));
      assertThat(store.interrupted()).isEmpty();
    }
  }

  private static ApplyReport apply(Reconciler r, Fleet fleet, ApplyPolicy policy) {
    PlanResult planned = r.plan(new FleetSnapshot(fleet, "c1"), SCOPE);
    return r.apply(planned, policy, ApplyListener.NONE);
  }

  private static HypervisorObservation observe(DriverRegistry drivers) {
    return drivers.connected("kvm01").orElseThrow().observe();
  }

  private static ObservedDomain domain(DriverRegistry drivers, String name) {
    return observe(drivers).domains().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
