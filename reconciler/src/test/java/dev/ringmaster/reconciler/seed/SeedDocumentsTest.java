package dev.ringmaster.reconciler.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.SeedResource;
import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.InterfaceAddresses;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfig;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.model.hostconfig.HostInterface;
import dev.ringmaster.reconciler.testing.Fleets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** The seed's documents against the host config they derive from. */
class SeedDocumentsTest {
  private static final VmSpec DERIVED = Fleets.vm("myapp00", "kvm01", Size.gib(4), 2, Size.gib(30));

  static Fleet dualFleet() {
    VmSpec explicit =
        new VmSpec(
            "myapp01",
            "kvm01",
            Size.gib(4),
            2,
            Size.gib(30),
            null,
            null,
            List.of(),
            true,
            Map.of(NetworkKind.SRV, new InterfaceAddresses("10.3.0.77", "fd00:3::77")),
            false,
            null);
    Environment dual =
        new Environment(
            "dual-prod",
            "dual",
            false,
            "whq",
            null,
            null,
            null,
            false,
            Map.of(
                NetworkKind.FE,
                new NetworkSpec(
                    2,
                    Cidr.parse("203.0.113.0/26").orElseThrow(),
                    Cidr.parse("2001:db8:2::/64").orElseThrow()),
                NetworkKind.SRV,
                new NetworkSpec(
                    3,
                    Cidr.parse("10.3.0.0/24").orElseThrow(),
                    Cidr.parse("fd00:3::/64").orElseThrow())),
            List.of(),
            List.of(),
            List.of(explicit),
            null);
    return new Fleet(List.of(Fleets.hypervisor("kvm01", "test:///default", "vms")), List.of(dual));
  }

  static Stream<Arguments> fleets() {
    return Stream.of(
        Arguments.of(
            "derived IPv4 addresses",
            Fleets.fleet("test:///default", "vms", DERIVED),
            "myapp00",
            String.join(
                "\n",
                "version: 2",
                "ethernets:",
                "  ethfe:",
                "    match:",
                "      macaddress: \""
                    + mac("myapp00", "ethfe", Fleets.fleet("test:///default", "vms", DERIVED))
                    + "\"",
                "    set-name: ethfe",
                "    addresses:",
                "      - \"203.0.113.10/26\"",
                "    routes:",
                "      - to: 0.0.0.0/0",
                "        via: \"203.0.113.1\"",
                "        metric: 100",
                "  ethsrv:",
                "    match:",
                "      macaddress: \""
                    + mac("myapp00", "ethsrv", Fleets.fleet("test:///default", "vms", DERIVED))
                    + "\"",
                "    set-name: ethsrv",
                "    addresses:",
                "      - \"10.3.0.10/24\"",
                "    routes:",
                "      - to: 0.0.0.0/0",
                "        via: \"10.3.0.1\"",
                "        metric: 200",
                "")),
        Arguments.of("dual stack with explicit server addresses", dualFleet(), "myapp01", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fleets")
  void networkConfigCarriesExactlyTheHostConfigsAddresses(
      String name, Fleet fleet, String vm, String expectedText) {
    Environment env = fleet.environmentOfVm(vm).orElseThrow();
    VmSpec spec = env.vm(vm).orElseThrow();
    HostConfig config = HostConfigRenderer.render(fleet, env, spec);
    SeedResource seed =
        SeedDerivation.seed(fleet, env, spec, fleet.hypervisor("kvm01").orElseThrow());

    if (expectedText != null) {
      assertThat(seed.networkConfig()).isEqualTo(expectedText);
    }
    Map<String, Object> doc = new Yaml().load(seed.networkConfig());
    assertThat(doc.get("version")).isEqualTo(2);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> eths = (Map<String, Map<String, Object>>) doc.get("ethernets");
    assertThat(eths).containsOnlyKeys("ethfe", "ethsrv");
    for (HostInterface i : config.interfaces()) {
      Map<String, Object> eth = eths.get(i.name());
      assertThat(eth.get("set-name")).isEqualTo(i.name());
      assertThat(eth.get("match")).isEqualTo(Map.of("macaddress", i.mac()));
      List<String> want = new ArrayList<>();
      List<String> gateways = new ArrayList<>();
      for (HostInterface.IpConfig ip :
          Stream.of(i.ipv4(), i.ipv6()).filter(x -> x != null).toList()) {
        want.add(ip.address() + "/" + ip.prefixLength());
        gateways.add(ip.gateway());
      }
      assertThat(eth.get("addresses")).isEqualTo(want);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> routes = (List<Map<String, Object>>) eth.get("routes");
      assertThat(routes).extracting(r -> r.get("via")).containsExactlyElementsOf(gateways);
    }
    assertThat(seed.sshAddress()).isEqualTo(config.interfaces().get(1).ipv4().address());
    assertThat(seed.id().toString()).isEqualTo("seed/kvm01/" + vm);
  }

  @Test
  void explicitServerAddressIsUsedAndIsWhereTheKeyIsPinned() {
    Fleet fleet = dualFleet();
    Environment env = fleet.environments().get(0);
    SeedResource seed =
        SeedDerivation.seed(
            fleet, env, env.vm("myapp01").orElseThrow(), fleet.hypervisor("kvm01").orElseThrow());
    assertThat(seed.networkConfig()).contains("\"10.3.0.77/24\"", "\"fd00:3::77/64\"");
    assertThat(seed.sshAddress()).isEqualTo("10.3.0.77");
    assertThat(seed.sshPort()).isEqualTo(22);
  }

  @Test
  void seedIsStableForTheSameFleetAndChangesWithTheAddresses() {
    Fleet a = Fleets.fleet("test:///default", "vms", DERIVED);
    Environment env = a.environments().get(0);
    SeedResource one = SeedDerivation.seed(a, env, DERIVED, a.hypervisors().get(0));
    SeedResource two = SeedDerivation.seed(a, env, DERIVED, a.hypervisors().get(0));
    assertThat(one).isEqualTo(two);
    VmSpec moved =
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
            null);
    Fleet b = Fleets.fleet("test:///default", "vms", moved);
    SeedResource three =
        SeedDerivation.seed(b, b.environments().get(0), moved, b.hypervisors().get(0));
    assertThat(three.attributes().get("content")).isNotEqualTo(one.attributes().get("content"));
    assertThat(three.attributes().get("addresses")).contains("ethsrv=10.3.0.99/24");
  }

  @Test
  void instanceIdIsStableForOneKeyAndNewForEveryWrite() {
    HostKeyPair first = HostKeyPair.generate();
    String id = SeedDocuments.instanceId("myapp00", first.fingerprint());
    assertThat(SeedDocuments.instanceId("myapp00", first.fingerprint())).isEqualTo(id);
    assertThat(id).startsWith("iid-myapp00-").matches("iid-myapp00-[A-Za-z0-9]{16}");
    HostKeyPair recreated = HostKeyPair.generate();
    assertThat(SeedDocuments.instanceId("myapp00", recreated.fingerprint())).isNotEqualTo(id);
    assertThat(SeedDocuments.metaData(id, "myapp00"))
        .isEqualTo("instance-id: " + id + "\nlocal-hostname: myapp00\n");
  }

  @Test
  void userDataIsCloudConfigWithRootKeyHostKeysAndNoLocaleStep() {
    HostKeyPair keys = HostKeyPair.generate();
    String full =
        SeedDocuments.userData(
            "myapp00",
            List.of("ssh-ed25519 AAAAmanagement ringmaster"),
            keys.publicKey("root@myapp00"),
            keys.privateKeyOpenSsh("root@myapp00"));
    assertThat(full).startsWith("#cloud-config\n");
    Map<String, Object> doc = new Yaml().load(full);
    assertThat(doc)
        .containsEntry("hostname", "myapp00")
        .containsEntry("disable_root", false)
        .containsEntry("ssh_deletekeys", true)
        .containsEntry("locale", false)
        .containsEntry("users", List.of())
        .containsEntry("ssh_authorized_keys", List.of("ssh-ed25519 AAAAmanagement ringmaster"));
    @SuppressWarnings("unchecked")
    Map<String, String> hostKeys = (Map<String, String>) doc.get("ssh_keys");
    assertThat(hostKeys.get("ed25519_public")).isEqualTo(keys.publicKey("root@myapp00"));
    assertThat(hostKeys.get("ed25519_private"))
        .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
        .endsWith("-----END OPENSSH PRIVATE KEY-----\n");

    String redacted =
        SeedDocuments.userData("myapp00", List.of("ssh-ed25519 AAAAm"), keys.publicKey(), null);
    assertThat(redacted).contains(SeedDocuments.REDACTED).doesNotContain("PRIVATE KEY");
  }

  private static String mac(String vm, String iface, Fleet fleet) {
    Environment env = fleet.environments().get(0);
    return HostConfigRenderer.render(fleet, env, env.vm(vm).orElseThrow()).interfaces().stream()
        .filter(i -> i.name().equals(iface))
        .findFirst()
        .orElseThrow()
        .mac();
  }
}
