package dev.ringmaster.reconciler.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DnsRecordResource;
import dev.ringmaster.driver.spi.DnsZoneObservation;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.DriftReport;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Planner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DNS planning and drift through the kind's handler and the generic planner, pure: named cases of
 * zone content against the desired names.
 */
class DnsPlanningTest {
  static final DnsZone ZONE =
      new DnsZone(
          "example.net",
          null,
          "127.0.0.1",
          53,
          List.of(),
          new DnsZone.Tsig("k", "hmac-sha256", "/k", null),
          300,
          "ringmaster",
          null);
  static final Fleet FLEET = new Fleet(List.of(), List.of(), List.of(), List.of(ZONE));

  static final DnsZoneTarget TARGET =
      new DnsZoneTarget(
          "example.net", "127.0.0.1", 53, "k", "hmac-sha256", "/k", null, 300, "ringmaster");
  static final DnsRecordResource WANT =
      new DnsRecordResource(
          TARGET, "app00", "app-prod", records("A", "203.0.113.10", "AAAA", "2001:db8::a"));
  static final ResourceId ID = WANT.id();

  static SortedMap<String, List<String>> records(String... typeValues) {
    SortedMap<String, List<String>> out = new TreeMap<>();
    for (int i = 0; i < typeValues.length; i += 2) {
      out.put(typeValues[i], List.of(typeValues[i + 1]));
    }
    return out;
  }

  static DnsObservation zone(
      Map<String, SortedMap<String, List<String>>> names, Map<String, String> owners) {
    return new DnsObservation(
        new TreeMap<>(
            Map.of(
                "example.net",
                new DnsZoneObservation(
                    "example.net", new TreeMap<>(names), new TreeMap<>(owners)))),
        new TreeMap<>(),
        new TreeMap<>());
  }

  static DesiredState desired(Set<String> scope, DnsRecordResource... names) {
    SortedMap<ResourceId, DesiredResource> resources = new TreeMap<>();
    for (DnsRecordResource r : names) {
      resources.put(r.id(), r);
    }
    return new DesiredState(scope, resources, new TreeSet<>(), FLEET);
  }

  static Observation observation(DnsObservation zones, DesiredState desired) {
    return Observation.of(List.of())
        .withKinds(
            new TreeMap<>(
                Map.of(
                    ResourceKind.DNS,
                    DnsZones.observation(
                        new TreeMap<>(Map.of("example.net", TARGET)), zones, desired))));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "missing name is created",
            zone(Map.of(), Map.of()),
            List.of("CREATE dns/example.net/app00 A 203.0.113.10, AAAA 2001:db8::a"),
            List.of(),
            Map.of()),
        Arguments.of(
            "owned and equal is a no-op",
            zone(Map.of("app00", WANT.records()), Map.of("app00", "ringmaster")),
            List.of("NO_OP dns/example.net/app00 "),
            List.of(),
            Map.of()),
        Arguments.of(
            "owned and different is updated",
            zone(
                Map.of("app00", records("A", "203.0.113.99", "AAAA", "2001:db8::a")),
                Map.of("app00", "ringmaster")),
            List.of("UPDATE dns/example.net/app00 A 203.0.113.99 -> 203.0.113.10"),
            List.of(),
            Map.of()),
        Arguments.of(
            "a foreign name is refused",
            zone(Map.of("app00", records("CNAME", "elsewhere.example.org.")), Map.of()),
            List.of(),
            List.of(
                "dns/example.net/app00: the name exists and is not Ringmaster's (CNAME"
                    + " elsewhere.example.org.); it is never changed: remove it by hand to let"
                    + " Ringmaster manage it"),
            Map.of()),
        Arguments.of(
            "another owner's name is refused",
            zone(Map.of("app00", WANT.records()), Map.of("app00", "ringmaster-staging")),
            List.of(),
            List.of(
                "dns/example.net/app00: the name is owned by another Ringmaster"
                    + " (owner=ringmaster-staging); not touched"),
            Map.of()),
        Arguments.of(
            "an owned leftover is deleted, a foreign one never",
            zone(
                Map.of(
                    "app00", WANT.records(),
                    "app01", records("A", "203.0.113.11"),
                    "www", records("A", "192.0.2.80")),
                Map.of("app00", "ringmaster", "app01", "ringmaster")),
            List.of(
                "NO_OP dns/example.net/app00 ",
                "DELETE dns/example.net/app01 no VM has this name any more; releases A"
                    + " 203.0.113.11"),
            List.of(),
            Map.of()),
        Arguments.of(
            "an unreachable zone plans nothing and says why",
            new DnsObservation(
                new TreeMap<>(), new TreeMap<>(Map.of("example.net", "down")), new TreeMap<>()),
            List.of(),
            List.of(),
            Map.of("dns/example.net", "down")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(
      String name,
      DnsObservation observed,
      List<String> changes,
      List<String> refused,
      Map<String, String> unreachable) {
    DesiredState desired = desired(Set.of(), WANT);
    Plan result = Planner.plan("c1", desired, observation(observed, desired), LastApplied.empty());
    assertThat(result.changes())
        .map(c -> c.action() + " " + c.resource() + " " + c.reason())
        .containsExactlyElementsOf(changes);
    assertThat(result.refused()).map(Object::toString).containsExactlyElementsOf(refused);
    assertThat(result.unreachable()).isEqualTo(unreachable);
  }

  @Test
  void aScopedPlanDeletesOnlyLeftoversLastAppliedInItsScope() {
    DnsObservation observed =
        zone(
            Map.of("app01", records("A", "203.0.113.11"), "other00", records("A", "203.0.113.12")),
            Map.of("app01", "ringmaster", "other00", "ringmaster"));
    LastApplied last =
        LastApplied.of(
            List.of(
                new AppliedRecord(
                    ResourceId.dns("example.net", "app01"),
                    new TreeMap<>(Map.of("A", "203.0.113.11")),
                    "app-prod",
                    "c0",
                    null)));
    DesiredState desired = desired(Set.of("app-prod"));
    Plan result = Planner.plan("c1", desired, observation(observed, desired), last);
    assertThat(result.changes())
        .map(c -> c.action() + " " + c.resource())
        .containsExactly("DELETE dns/example.net/app01");
  }

  @Test
  void driftIsTheZoneAgainstWhatWasLastApplied() {
    SortedMap<String, String> applied = DnsRecordResource.attributesOf(WANT.records());
    LastApplied last =
        LastApplied.of(
            List.of(
                new AppliedRecord(ID, applied, "app-prod", "c0", null),
                new AppliedRecord(
                    ResourceId.dns("example.net", "gone00"),
                    new TreeMap<>(Map.of("A", "203.0.113.20")),
                    "app-prod",
                    "c0",
                    null)));
    DnsObservation observed =
        zone(
            Map.of("app00", records("A", "203.0.113.10", "AAAA", "2001:db8::b")),
            Map.of("app00", "ringmaster"));
    DesiredState desired = desired(Set.of(), WANT);
    DriftReport drift = Planner.drift("c1", desired, observation(observed, desired), last);
    assertThat(drift.items())
        .map(i -> i.resource() + " " + i.field() + " " + i.lastApplied() + " -> " + i.observed())
        .containsExactly(
            "dns/example.net/app00 AAAA 2001:db8::a -> 2001:db8::b",
            "dns/example.net/gone00 exists true -> false");
  }

  @Test
  void aZoneNotConfiguredHerePlansNothingAndIsNoDrift() {
    DnsObservation observed =
        new DnsObservation(
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(Map.of("example.net", "$RINGMASTER_DNS_SERVER is not set")));
    DesiredState desired = desired(Set.of(), WANT);
    LastApplied last =
        LastApplied.of(
            List.of(
                new AppliedRecord(
                    ID, DnsRecordResource.attributesOf(WANT.records()), "app-prod", "c0", null)));
    Plan plan = Planner.plan("c1", desired, observation(observed, desired), last);
    assertThat(plan.changes()).isEmpty();
    assertThat(plan.unreachable()).isEmpty();
    DriftReport drift = Planner.drift("c1", desired, observation(observed, desired), last);
    assertThat(drift.items()).isEmpty();
    assertThat(drift.unreachable()).isEmpty();
  }

  @Test
  void theServerComesFromAVariableWhenTheZoneNamesOne() {
    DnsZoneTarget fromEnv =
        new DnsZoneTarget(
            "example.net", null, "DNS_AT", 53, "k", "hmac-sha256", "/k", null, 300, "ringmaster");
    assertThat(fromEnv.address(Map.of())).isEmpty();
    assertThat(fromEnv.address(Map.of("DNS_AT", "127.0.0.1:5353")).orElseThrow().toString())
        .isEqualTo("127.0.0.1:5353");
    assertThat(fromEnv.address(Map.of("DNS_AT", "ns1.example.net")).orElseThrow().toString())
        .isEqualTo("ns1.example.net:53");
    assertThat(fromEnv.address(Map.of("DNS_AT", "[2001:db8::53]:5353")).orElseThrow().toString())
        .isEqualTo("2001:db8::53:5353");
    assertThat(fromEnv.address(Map.of("DNS_AT", "2001:db8::53")).orElseThrow().host())
        .isEqualTo("2001:db8::53");
  }

  @Test
  void reverseNamesFallInTheLongestReverseZone() {
    assertThat(DnsDesired.reverseName("10.3.0.5")).isEqualTo("5.0.3.10.in-addr.arpa");
    assertThat(DnsDesired.reverse("10.3.0.5", List.of("10.in-addr.arpa", "0.3.10.in-addr.arpa")))
        .contains(new DnsDesired.ReverseName("0.3.10.in-addr.arpa", "5"));
    assertThat(DnsDesired.reverse("2001:db8:3::a", List.of("3.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")))
        .contains(
            new DnsDesired.ReverseName(
                "3.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"));
    assertThat(DnsDesired.reverse("192.0.2.1", List.of("0.3.10.in-addr.arpa"))).isEmpty();
  }
}
