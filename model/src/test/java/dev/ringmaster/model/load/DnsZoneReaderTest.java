package dev.ringmaster.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DnsZoneReaderTest {
  static final String PATH = "dns/whq.yaml";
  static final String ZONE =
      """
      apiVersion: ringmaster/v1
      kind: DnsZone
      name: whq.example.net
      location: whq
      server: { address: 192.0.2.53, port: 5353 }
      reverseZones: [0.3.10.in-addr.arpa, 3.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa]
      tsig: { name: ringmaster-whq, algorithm: hmac-sha512, secretFile: /etc/ringmaster/dns.key }
      ttl: 600
      owner: ringmaster-prod
      """;

  private static LoadResult load(String text) {
    return FleetRepository.load(List.of(SourceFile.of(PATH, text)), AppliedRootDisks.NONE);
  }

  @Test
  void readsEveryField() {
    LoadResult result = load(ZONE);
    assertThat(result.diagnostics()).isEmpty();
    DnsZone zone = result.fleet().dnsZones().get(0);
    assertThat(zone)
        .usingRecursiveComparison()
        .ignoringFields("source")
        .isEqualTo(
            new DnsZone(
                "whq.example.net",
                "whq",
                "192.0.2.53",
                5353,
                List.of("0.3.10.in-addr.arpa", "3.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"),
                new DnsZone.Tsig("ringmaster-whq", "hmac-sha512", "/etc/ringmaster/dns.key", null),
                600,
                "ringmaster-prod",
                null));
  }

  @Test
  void defaultsAndTheZoneOfALocation() {
    String fleetWide =
        """
        apiVersion: ringmaster/v1
        kind: DnsZone
        name: example.net.
        server: { address: ns1.example.net }
        tsig: { name: rm, secretEnv: RINGMASTER_DNS_SECRET }
        """;
    LoadResult result =
        FleetRepository.load(
            List.of(SourceFile.of(PATH, ZONE), SourceFile.of("dns/all.yaml", fleetWide)),
            AppliedRootDisks.NONE);
    assertThat(result.diagnostics()).isEmpty();
    Fleet fleet = result.fleet();
    DnsZone all = fleet.dnsZones().stream().filter(z -> z.location() == null).findFirst().get();
    assertThat(all.name()).isEqualTo("example.net");
    assertThat(all.port()).isEqualTo(53);
    assertThat(all.ttl()).isEqualTo(300);
    assertThat(all.owner()).isEqualTo("ringmaster");
    assertThat(all.tsig().algorithm()).isEqualTo("hmac-sha256");
    assertThat(fleet.dnsZoneOf(env("whq")).map(DnsZone::name)).contains("whq.example.net");
    assertThat(fleet.dnsZoneOf(env("rzob")).map(DnsZone::name)).contains("example.net");
  }

  @Test
  void theServerAddressMayComeFromAnEnvironmentVariable() {
    LoadResult result =
        load(
            ZONE.replace(
                "address: 192.0.2.53, port: 5353",
                "addressEnv: RINGMASTER_DNS_SERVER, port: 5353"));
    assertThat(result.diagnostics()).isEmpty();
    DnsZone zone = result.fleet().dnsZones().get(0);
    assertThat(zone.server()).isNull();
    assertThat(zone.serverEnv()).isEqualTo("RINGMASTER_DNS_SERVER");
    assertThat(zone.port()).isEqualTo(5353);
  }

  private static Environment env(String location) {
    return new Environment(
        "x", "x", false, location, null, null, null, false, null, null, null, null, null);
  }

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of(
            "secret inline",
            "secretFile: /etc/ringmaster/dns.key }",
            "secretFile: /etc/ringmaster/dns.key, secret: c2VjcmV0 }",
            PATH
                + ":7:100: tsig.secret: the TSIG secret must not be written in the fleet"
                + " repository; remove it and write secretFile: /path/to/key or secretEnv:"
                + " VARIABLE"),
        Arguments.of(
            "no secret source",
            ", secretFile: /etc/ringmaster/dns.key }",
            " }",
            PATH + ":7:7: tsig: give exactly one of secretFile and secretEnv"),
        Arguments.of(
            "relative key file",
            "secretFile: /etc/ringmaster/dns.key",
            "secretFile: dns.key",
            PATH + ":7:67: tsig.secretFile: \"dns.key\" is not an absolute path"),
        Arguments.of(
            "bad zone name",
            "name: whq.example.net",
            "name: WHQ.example..net",
            PATH + ":3:7: name: \"WHQ.example..net\" is not a DNS zone name"),
        Arguments.of(
            "forward zone as reverse",
            "[0.3.10.in-addr.arpa,",
            "[example.net,",
            PATH + ":6:16: reverseZones[0]: \"example.net\" is not a reverse zone"),
        Arguments.of(
            "unknown algorithm",
            "hmac-sha512",
            "hmac-md5",
            PATH + ":7:42: tsig.algorithm: \"hmac-md5\" is not one of hmac-sha256"),
        Arguments.of(
            "address and addressEnv",
            "address: 192.0.2.53,",
            "address: 192.0.2.53, addressEnv: RINGMASTER_DNS_SERVER,",
            PATH + ":5:9: server: give exactly one of address and addressEnv"),
        Arguments.of(
            "no server address",
            "address: 192.0.2.53,",
            "",
            PATH + ":5:9: server: give exactly one of address and addressEnv"),
        Arguments.of(
            "bad variable name",
            "address: 192.0.2.53,",
            "addressEnv: 9-lives,",
            PATH + ":5:23: server.addressEnv: \"9-lives\" is not a valid name"),
        Arguments.of(
            "unknown key",
            "ttl: 600",
            "tll: 600",
            PATH + ":8:1: tll: unknown key \"tll\"; did you mean ttl?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void reportsTheProblemAtItsPosition(String name, String from, String to, String expected) {
    assertThat(ZONE).contains(from);
    LoadResult result = load(ZONE.replace(from, to));
    assertThat(result.errors()).map(Diagnostic::toString).anyMatch(d -> d.startsWith(expected));
    assertThat(result.errors().toString()).doesNotContain("c2VjcmV0");
  }

  @Test
  void twoZonesForOneLocationAreAnError() {
    LoadResult result =
        FleetRepository.load(
            List.of(
                SourceFile.of(PATH, ZONE),
                SourceFile.of("dns/other.yaml", ZONE.replace("whq.example.net", "other.net"))),
            AppliedRootDisks.NONE);
    assertThat(result.errors())
        .map(Diagnostic::toString)
        .anyMatch(
            d -> d.startsWith("dns/whq.yaml:4:11: location: zone other.net (dns/other.yaml:3:7)"))
        .anyMatch(d -> d.contains("reverse zone 0.3.10.in-addr.arpa is already listed"));
  }
}
