package dev.ringmaster.reconciler.plan;

import static dev.ringmaster.reconciler.testing.Fleets.fleet;
import static dev.ringmaster.reconciler.testing.Fleets.observedAsDesired;
import static dev.ringmaster.reconciler.testing.Fleets.vm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.testing.Fleets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
  private static final String URI = "test:///default";
  private static final String POOL = "vms";
  private static final VmSpec MYAPP00 = vm("myapp00", "kvm01", Size.gib(4), 2, Size.gib(30));
  private static final Fleet BASE = fleet(URI, POOL, MYAPP00);
  private static final String FE = "network/kvm01/ringmaster-kvm01-fe";
  private static final String SRV = "network/kvm01/ringmaster-kvm01-srv";
  private static final String ROOT = "volume/kvm01/myapp00-root";
  private static final String SWAP = "volume/kvm01/myapp00-swap";
  private static final String TMP = "volume/kvm01/myapp00-tmp";
  private static final String SEED = "seed/kvm01/myapp00";
  private static final String DOMAIN = "domain/kvm01/myapp00";

  /** A plan reduced to comparable text: changes, refusals and unreachable hosts, in order. */
  record Summary(List<String> changes, List<String> refused, Map<String, String> unreachable) {
    static Summary of(Plan p) {
      return new Summary(
          p.changes().stream()
              .map(c -> c.action() + " " + c.impact().key() + " " + c.resource())
              .toList(),
          p.refused().stream().map(Refusal::toString).toList(),
          p.unreachable());
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "create everything on an empty hypervisor",
            BASE,
            reachable(empty()),
            new Summary(
                List.of(
                    "CREATE live " + FE,
                    "CREATE live " + SRV,
                    "CREATE live " + ROOT,
                    "CREATE live " + SWAP,
                    "CREATE live " + TMP,
                    "CREATE live " + SEED,
                    "CREATE live " + DOMAIN),
                List.of(),
                Map.of())),
        Arguments.of("no-op when the hypervisor matches", BASE, reachable(as(BASE)), allNoOp()),
        Arguments.of(
            "root disk grows live",
            fleet(URI, POOL, vm("myapp00", "kvm01", Size.gib(4), 2, Size.gib(40))),
            reachable(as(BASE)),
            noOpExcept(Map.of(ROOT, "UPDATE live " + ROOT))),
        Arguments.of(
            "more memory needs a restart and grows swap live",
            fleet(URI, POOL, vm("myapp00", "kvm01", Size.gib(8), 2, Size.gib(30))),
            reachable(as(BASE)),
            noOpExcept(Map.of(DOMAIN, "UPDATE restart " + DOMAIN, SWAP, "UPDATE live " + SWAP))),
        Arguments.of(
            "going offline is a live stop",
            fleet(URI, POOL, Fleets.offline(MYAPP00)),
            reachable(as(BASE)),
            noOpExcept(Map.of(DOMAIN, "UPDATE live " + DOMAIN))),
        Arguments.of(
            "a removed VM is deleted destructively, domain first, networks last",
            fleet(URI, POOL),
            reachable(as(BASE)),
            new Summary(
                List.of(
                    "DELETE destructive " + DOMAIN,
                    "DELETE destructive " + SEED,
                    "DELETE destructive " + ROOT,
                    "DELETE destructive " + SWAP,
                    "DELETE destructive " + TMP,
                    "DELETE live " + FE,
                    "DELETE live " + SRV),
                List.of(),
                Map.of())),
        Arguments.of(
            "foreign objects and other hosts' objects are ignored",
            BASE,
            reachable(withForeign(as(BASE))),
            allNoOp()),
        Arguments.of(
            "a shrinking root disk is refused",
            fleet(URI, POOL, vm("myapp00", "kvm01", Size.gib(4), 2, Size.gib(20))),
            reachable(as(BASE)),
            new Summary(
                allNoOp().changes().stream().filter(c -> !c.endsWith(ROOT)).toList(),
                List.of(
                    ROOT
                        + ": capacity 20GiB is smaller than the existing 30GiB; disks only ever grow"),
                Map.of())),
        Arguments.of(
            "nothing of an unreachable hypervisor's environment is planned",
            BASE,
            new Observation(
                new TreeMap<>(
                    Map.of(
                        "kvm01", new HostObservation.Unreachable("kvm01", "connection refused"))),
                new TreeMap<>()),
            new Summary(List.of(), List.of(), Map.of("kvm01", "connection refused"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Fleet fleet, Observation observed, Summary expected) {
    Plan plan = Planner.plan("c1", DesiredState.of(fleet, Set.of()), observed, LastApplied.empty());
    assertThat(Summary.of(plan)).isEqualTo(expected);
    assertThat(plan.applicable()).isEqualTo(expected.refused().isEmpty());
  }

  @Test
  void otherHostsProceedWhenOneIsUnreachable() {
    Fleet twoHosts =
        new Fleet(
            List.of(Fleets.hypervisor("kvm01", URI, POOL), Fleets.hypervisor("kvm02", URI, POOL)),
            List.of(
                Fleets.environment("myapp-prod", "myapp", List.of(MYAPP00)),
                Fleets.environment(
                    "other-prod",
                    "other",
                    List.of(vm("other00", "kvm02", Size.gib(1), 1, Size.gib(10))))));
    DesiredState desired = DesiredState.of(twoHosts, Set.of());
    Observation observed =
        new Observation(
            new TreeMap<>(
                Map.of(
                    "kvm01",
                    new HostObservation.Unreachable("kvm01", "timeout"),
                    "kvm02",
                    new HostObservation.Reachable(
                        new HypervisorObservation("kvm02", List.of(), List.of(), List.of())))),
            new TreeMap<>());
    Plan plan = Planner.plan("c1", desired, observed, LastApplied.empty());
    assertThat(plan.changes()).allMatch(c -> c.resource().host().equals("kvm02")).hasSize(7);
    assertThat(plan.unreachable()).containsExactlyEntriesOf(Map.of("kvm01", "timeout"));
  }

  @Test
  void driftIsObservedAgainstLastAppliedIncludingHandDeletions() {
    DesiredState desired = DesiredState.of(BASE, Set.of());
    LastApplied last = appliedAsDesired(desired);
    HypervisorObservation live = as(BASE);
    List<ObservedDomain> domains = new ArrayList<>();
    for (ObservedDomain d : live.domains()) {
      domains.add(
          new ObservedDomain(
              d.name(),
              d.uuid(),
              d.state(),
              Size.gib(16),
              d.cores(),
              d.disks(),
              d.nics(),
              d.owner()));
    }
    List<ObservedVolume> volumes =
        live.volumes().stream().filter(v -> !v.name().equals("myapp00-tmp")).toList();
    Observation observed =
        Observation.of(
            List.of(new HypervisorObservation("kvm01", live.networks(), volumes, domains)));

    DriftReport drift = Planner.drift("c2", desired, observed, last);

    assertThat(drift.items())
        .containsExactly(
            new DriftItem("myapp-prod", ResourceId.parse(TMP), DriftItem.EXISTS, "true", "false"),
            new DriftItem("myapp-prod", ResourceId.parse(DOMAIN), "memory", "4GiB", "16GiB"));
    assertThat(drift.environments()).containsExactly("myapp-prod");
  }

  @Test
  void losingTheStateAdoptsOwnedObjectsAndDeletesNothingForeign() {
    Plan plan =
        Planner.plan(
            "c1",
            DesiredState.of(BASE, Set.of()),
            Observation.of(List.of(withForeign(as(BASE)))),
            LastApplied.empty());
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void volumesKnownOnlyToTheStateStoreAreDeletedWithTheirEnvironment() {
    DesiredState before = DesiredState.of(BASE, Set.of());
    HypervisorObservation live = as(BASE);
    HypervisorObservation noDomain =
        new HypervisorObservation("kvm01", live.networks(), live.volumes(), List.of());
    Plan plan =
        Planner.plan(
            "c2",
            DesiredState.of(fleet(URI, POOL), Set.of()),
            Observation.of(List.of(noDomain)),
            appliedAsDesired(before));
    assertThat(Summary.of(plan).changes())
        .containsExactly(
            "DELETE destructive " + SEED,
            "DELETE destructive " + ROOT,
            "DELETE destructive " + SWAP,
            "DELETE destructive " + TMP,
            "DELETE live " + FE,
            "DELETE live " + SRV);
  }

  private static LastApplied appliedAsDesired(DesiredState desired) {
    return LastApplied.of(
        desired.resources().values().stream()
            .map(
                r ->
                    new AppliedRecord(r.id(), r.attributes(), r.environment(), "c1", Instant.EPOCH))
            .toList());
  }

  private static HypervisorObservation empty() {
    return new HypervisorObservation("kvm01", List.of(), List.of(), List.of());
  }

  private static HypervisorObservation as(Fleet fleet) {
    return observedAsDesired("kvm01", DesiredState.of(fleet, Set.of()));
  }

  private static HypervisorObservation withForeign(HypervisorObservation o) {
    List<ObservedDomain> domains = new ArrayList<>(o.domains());
    domains.add(
        new ObservedDomain(
            "test", null, DomainState.RUNNING, Size.gib(1), 1, List.of(), List.of(), null));
    domains.add(
        new ObservedDomain(
            "kvm02vm00",
            null,
            DomainState.RUNNING,
            Size.gib(1),
            1,
            List.of(new ObservedDomain.Disk("vda", "kvm02vm00-root")),
            List.of(),
            new Ownership("kvm02", "other", "h")));
    List<ObservedVolume> volumes = new ArrayList<>(o.volumes());
    volumes.add(new ObservedVolume(POOL, "test-root", Size.gib(1), "/p/test-root"));
    volumes.add(new ObservedVolume(POOL, "kvm02vm00-root", Size.gib(1), "/p/x"));
    List<ObservedNetwork> networks = new ArrayList<>(o.networks());
    networks.add(new ObservedNetwork("default", "virbr0", true, null));
    return new HypervisorObservation(o.host(), networks, volumes, domains);
  }

  private static Observation reachable(HypervisorObservation o) {
    return Observation.of(List.of(o));
  }

  private static Summary allNoOp() {
    return noOpExcept(Map.of());
  }

  private static Summary noOpExcept(Map<String, String> replaced) {
    List<String> rows = new ArrayList<>();
    for (String id : List.of(FE, SRV, ROOT, SWAP, TMP, SEED, DOMAIN)) {
      rows.add(replaced.getOrDefault(id, "NO_OP live " + id));
    }
    return new Summary(rows, List.of(), Map.of());
  }
}
