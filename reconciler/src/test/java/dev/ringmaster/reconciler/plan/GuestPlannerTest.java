package dev.ringmaster.reconciler.plan;

import static dev.ringmaster.reconciler.testing.Fleets.fleet;
import static dev.ringmaster.reconciler.testing.Fleets.observedAsDesired;
import static dev.ringmaster.reconciler.testing.Fleets.vm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.GuestAccount;
import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Size;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.desired.GuestResourceSource;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner's guest rules, table-driven: desired guest, what the guest answered, last applied.
 */
class GuestPlannerTest {
  private static final Fleet FLEET =
      fleet("test:///default", "vms", vm("myapp00", "kvm01", Size.gib(4), 2, Size.gib(30)));
  private static final String GUEST = "guest/kvm01/myapp00";
  private static final ResourceId GUEST_ID = ResourceId.parse(GUEST);
  private static final GuestAccount ALICE = new GuestAccount("alice", 1001, List.of("users"));
  private static final GuestAccount BOB = new GuestAccount("bob", 1002, List.of("users"));
  private static final GuestAccount S_MYAPP =
      new GuestAccount("s-myapp", 60123, List.of("service"));
  private static final GuestAccount S_OLD = new GuestAccount("s-old", 60124, List.of("service"));

  /** What the guest answered at plan time. */
  sealed interface Seen {}

  record Answered(String configHash, List<GuestAccount> users) implements Seen {}

  record Unreachable(String reason) implements Seen {}

  /** The guest's change reduced to text, and the unreachable entries of the plan. */
  record Outcome(String change, Map<String, String> unreachable) {}

  static Stream<Arguments> cases() {
    List<GuestAccount> base = List.of(ALICE, S_MYAPP);
    return Stream.of(
        Arguments.of(
            "create when nothing is installed",
            "h1",
            base,
            new Answered(null, List.of()),
            null,
            new Outcome("CREATE live " + GUEST, Map.of())),
        Arguments.of(
            "no-op when config and accounts match",
            "h1",
            base,
            new Answered("h1", base),
            null,
            new Outcome("NO_OP live " + GUEST, Map.of())),
        Arguments.of(
            "a user added to the spec is a live update",
            "h2",
            List.of(ALICE, BOB, S_MYAPP),
            new Answered("h1", base),
            null,
            new Outcome("UPDATE live " + GUEST, Map.of())),
        Arguments.of(
            "removing a service user is destructive",
            "h2",
            base,
            new Answered("h1", List.of(ALICE, S_MYAPP, S_OLD)),
            null,
            new Outcome("UPDATE destructive " + GUEST, Map.of())),
        Arguments.of(
            "an unreachable guest already converged is listed, not re-created",
            "h1",
            base,
            new Unreachable("connection refused"),
            GuestAttributes.of("h1", base),
            new Outcome("none", Map.of(GUEST, "connection refused"))),
        Arguments.of(
            "an unreachable guest never applied is an update apply retries, not a create",
            "h1",
            base,
            new Unreachable("connection refused"),
            null,
            new Outcome("UPDATE live " + GUEST, Map.of(GUEST, "connection refused"))),
        Arguments.of(
            "an unreachable guest whose service user is dropped is destructive",
            "h2",
            List.of(ALICE),
            new Unreachable("timeout"),
            GuestAttributes.of("h1", base),
            new Outcome("UPDATE destructive " + GUEST, Map.of(GUEST, "timeout"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansTheGuest(
      String name,
      String hash,
      List<GuestAccount> accounts,
      Seen seen,
      SortedMap<String, String> lastApplied,
      Outcome expected) {
    DesiredState desired = desired(hash, accounts);
    Plan plan = Planner.plan("c1", desired, observation(desired, seen), applied(lastApplied));

    String change =
        plan.changes().stream()
            .filter(c -> c.resource().kind() == ResourceKind.GUEST)
            .map(c -> c.action() + " " + c.impact().key() + " " + c.resource())
            .findFirst()
            .orElse("none");
    assertThat(new Outcome(change, plan.unreachable())).isEqualTo(expected);
    assertThat(plan.changes())
        .filteredOn(c -> c.resource().kind() != ResourceKind.GUEST)
        .allMatch(c -> c.action() == Action.NO_OP);
  }

  @Test
  void aDestructiveGuestChangeNamesTheServiceUserAndKeepsItsHome() {
    DesiredState desired = desired("h2", List.of(ALICE));
    Plan plan =
        Planner.plan(
            "c1",
            desired,
            observation(desired, new Answered("h1", List.of(ALICE, S_OLD))),
            LastApplied.empty());

    Change guest =
        plan.changes().stream()
            .filter(c -> c.resource().equals(GUEST_ID))
            .findFirst()
            .orElseThrow();
    assertThat(guest.reason()).contains("s-old").contains("/srv");
    assertThat(GuestChanges.removedServiceUsers(guest)).containsExactly("s-old");
  }

  @Test
  void aUserAddedByHandIsDrift() {
    List<GuestAccount> base = List.of(ALICE, S_MYAPP);
    DesiredState desired = desired("h1", base);
    GuestAccount mallory = new GuestAccount("mallory", 1666, List.of("users"));
    DriftReport drift =
        Planner.drift(
            "c1",
            desired,
            observation(desired, new Answered("h1", List.of(ALICE, mallory, S_MYAPP))),
            applied(GuestAttributes.of("h1", base)));

    assertThat(drift.items())
        .extracting(DriftItem::resource, DriftItem::field)
        .contains(
            org.assertj.core.groups.Tuple.tuple(GUEST_ID, GuestAttributes.USERS),
            org.assertj.core.groups.Tuple.tuple(GUEST_ID, GuestAttributes.GROUPS));
    assertThat(drift.items())
        .filteredOn(i -> i.field().equals(GuestAttributes.USERS))
        .singleElement()
        .satisfies(i -> assertThat(i.observed()).contains("mallory:1666"));
  }

  @Test
  void anUnreachableGuestIsListedInDrift() {
    List<GuestAccount> base = List.of(ALICE);
    DesiredState desired = desired("h1", base);
    DriftReport drift =
        Planner.drift(
            "c1",
            desired,
            observation(desired, new Unreachable("no route")),
            applied(GuestAttributes.of("h1", base)));

    assertThat(drift.items()).isEmpty();
    assertThat(drift.unreachable()).containsEntry(GUEST, "no route");
  }

  private static DesiredState desired(String hash, List<GuestAccount> accounts) {
    GuestResourceSource source =
        (fleet, env, vm) ->
            Optional.of(
                new GuestResource(
                    vm.host(),
                    vm.name(),
                    env.name(),
                    new GuestTarget(vm.name(), "127.0.0.1", 22, "root"),
                    "{}",
                    hash,
                    accounts));
    return DesiredState.of(FLEET, Set.of(), source);
  }

  private static Observation observation(DesiredState desired, Seen seen) {
    SortedMap<String, HostObservation> hosts = new TreeMap<>();
    hosts.put("kvm01", new HostObservation.Reachable(observedAsDesired("kvm01", desired)));
    SortedMap<String, GuestObservation> guests = new TreeMap<>();
    SortedMap<String, String> unreachable = new TreeMap<>();
    if (seen instanceof Answered a) {
      guests.put("myapp00", new GuestObservation("myapp00", a.configHash(), "gen", a.users()));
    } else if (seen instanceof Unreachable u) {
      unreachable.put("myapp00", u.reason());
    }
    return new Observation(hosts, guests, unreachable);
  }

  private static LastApplied applied(SortedMap<String, String> guestAttributes) {
    if (guestAttributes == null) {
      return LastApplied.empty();
    }
    return LastApplied.of(
        List.of(new AppliedRecord(GUEST_ID, guestAttributes, "myapp-prod", "c0", Instant.EPOCH)));
  }
}
