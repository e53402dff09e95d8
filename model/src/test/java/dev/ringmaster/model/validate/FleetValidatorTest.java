package dev.ringmaster.model.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.load.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetValidatorTest {
  private static final String HOST =
      """
      apiVersion: ringmaster/v1
      kind: Hypervisor
      name: kvm01
      uri: test:///default
      storagePool: default-pool
      bridges: { fe: br01-fe, srv: br01-srv }
      capacity: { memory: 16GiB, cores: 8 }
      """;

  private static String env(String name, int vlan, String users, String services, String vms) {
    return """
        apiVersion: ringmaster/v1
        kind: Environment
        name: %s
        resourceGroup: myapp
        networks:
          fe: { vlan: %d, ipv4: 203.0.113.0/26, ipv6: "2001:db8:%<d::/64" }
          srv: { vlan: %d, ipv4: 10.3.0.0/24, ipv6: "2001:db8:%<d::/64" }
        users: %s
        serviceUsers: %s
        vms: %s
        """
        .formatted(name, vlan, vlan + 1, users, services, vms);
  }

  private static List<String> check(String... envs) {
    SourceFile[] files = new SourceFile[envs.length + 1];
    files[0] = SourceFile.of("hosts/kvm01.yaml", HOST);
    for (int i = 0; i < envs.length; i++) {
      files[i + 1] = SourceFile.of("environments/e" + i + ".yaml", envs[i]);
    }
    LoadResult result = FleetRepository.load(List.of(files), AppliedRootDisks.NONE);
    return result.diagnostics().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void serviceUserUidsMustAgreeAcrossAResourceGroup() {
    List<String> texts =
        check(
            env("myapp-production", 2, "[]", "[{ name: s-myapp, uid: 60100 }]", "[]"),
            env("myapp-staging", 4, "[]", "[{ name: s-myapp, uid: 60200 }]", "[]"));
    assertThat(texts)
        .containsExactly(
            "environments/e1.yaml:9:38: serviceUsers[0].uid: service user s-myapp has uid 60200"
                + " here but 60100 at environments/e0.yaml:9:38; a service user's uid is the same"
                + " in every environment of resource group myapp; write uid: 60100 or leave uid"
                + " out everywhere");
  }

  @Test
  void derivedServiceUidsAgreeByConstruction() {
    assertThat(
            check(
                env("myapp-production", 2, "[]", "[{ name: s-myapp }]", "[]"),
                env("myapp-staging", 4, "[]", "[{ name: s-myapp }]", "[]")))
        .isEmpty();
  }

  @Test
  void aPersonHasOneUidInTheWholeFleet() {
    assertThat(
            check(
                env("myapp-production", 2, "[{ name: alice, uid: 1001, sshKeys: [] }]", "[]", "[]"),
                env("myapp-staging", 4, "[{ name: alice, uid: 1005, sshKeys: [] }]", "[]", "[]")))
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith(
                        "environments/e1.yaml:8:29: users[0].uid: user alice has uid 1005 here but"
                            + " 1001 at environments/e0.yaml:8:29; a person's uid is the same"
                            + " everywhere in the fleet; write uid: 1001"));
  }

  @Test
  void aUidNamesOnePersonInTheWholeFleet() {
    assertThat(
            check(
                env("myapp-production", 2, "[{ name: alice, uid: 1001, sshKeys: [] }]", "[]", "[]"),
                env("myapp-staging", 4, "[{ name: bob, uid: 1001, sshKeys: [] }]", "[]", "[]")))
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith(
                        "environments/e1.yaml:8:27: users[0].uid: uid 1001 of user bob belongs to"
                            + " alice at environments/e0.yaml:8:29"));
  }

  @Test
  void humanUidsAreUniquePerEnvironment() {
    String users =
        "[{ name: alice, uid: 1001, sshKeys: [] }, { name: bob, uid: 1001, sshKeys: [] }]";
    assertThat(check(env("myapp-production", 2, users, "[]", "[]")))
        .contains(
            "environments/e0.yaml:8:68: users[1].uid: uid 1001 is already used at"
                + " environments/e0.yaml:8:29; each user needs its own name and uid within an"
                + " environment");
  }

  @Test
  void aUserWithoutKeysIsAWarningNotAnError() {
    LoadResult result =
        FleetRepository.load(
            List.of(
                SourceFile.of("hosts/kvm01.yaml", HOST),
                SourceFile.of(
                    "environments/e.yaml",
                    env(
                        "myapp-production",
                        2,
                        "[{ name: alice, uid: 1001, sshKeys: [] }]",
                        "[]",
                        "[]"))),
            AppliedRootDisks.NONE);
    assertThat(result.hasErrors()).isFalse();
    assertThat(result.diagnostics())
        .extracting(Diagnostic::toString)
        .containsExactly(
            "environments/e.yaml:8:44: warning: users[0].sshKeys: user alice has no SSH keys and"
                + " cannot log in; add the user's public key");
  }

  @Test
  void coresBeyondCapacityNameTheTotal() {
    String vms =
        "[{ name: myapp00, host: kvm01, memory: 1GiB, cores: 6, disk: 10GiB },"
            + " { name: myapp01, host: kvm01, memory: 1GiB, cores: 4, disk: 10GiB }]";
    assertThat(check(env("myapp-production", 2, "[]", "[]", vms)))
        .containsExactly(
            "environments/e0.yaml:10:127: vms[1].cores: placing myapp01 on kvm01 brings its VMs"
                + " to 10 cores, more than its capacity of 8 cores; move a VM to another"
                + " hypervisor or give it less");
  }

  @Test
  void derivedAddressesOutsideASmallNetworkAreReported() {
    String vms = "[{ name: myapp99, host: kvm01, memory: 1GiB, cores: 1, disk: 10GiB }]";
    assertThat(check(env("myapp-production", 2, "[]", "[]", vms)))
        .containsExactly(
            "environments/e0.yaml:10:15: vms[0].name: the derived address 203.0.113.109 is"
                + " outside the fe network 203.0.113.0/26; give the VM an address under"
                + " addresses.fe or use a larger network");
  }

  @Test
  void validatesFleetsBuiltWithoutSourcePositions() {
    assertThat(new FleetValidator().validate(Fleet.empty(), AppliedRootDisks.NONE)).isEmpty();
  }

  @Test
  void catalogueNamesTheNearestRole() {
    assertThat(RoleCatalogue.nearest("postgres16")).contains("postgresql16");
    assertThat(RoleCatalogue.conflicts(List.of("mysql80", "percona80", "redis")))
        .containsExactly(List.of("mysql80", "percona80"));
    assertThat(RoleCatalogue.names()).contains("webgateway", "postgresql12", "opensearch");
  }

  @Test
  void recognisesOpenSshKeys() {
    assertThat(
            OpenSshKeys.problem(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGYB3JgDIBfSuTkOCZEvhakRX7wz3pDNiEtSj+8P0qhf alice@laptop"))
        .isEmpty();
    assertThat(
            OpenSshKeys.problem(
                "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIGYB3JgDIBfSuTkOCZEvhakRX7wz3pDNiEtSj+8P0qhf"))
        .contains("the key data does not hold a ssh-rsa key");
    assertThat(OpenSshKeys.problem("hunter2")).contains("it has no key data after the type");
  }
}
