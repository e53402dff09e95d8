package dev.ringmaster.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BadInputTest {
  private static final String E = TestRepo.ENV + ":";

  @TempDir Path dir;

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of(
            "malformed YAML",
            "host: kvm01",
            "host: kvm01: x",
            E + "17:16: malformed YAML: mapping values are not allowed here"),
        Arguments.of(
            "duplicate key",
            "    memory: 4GiB\n",
            "    memory: 4GiB\n    memory: 8GiB\n",
            E
                + "19:5: vms[0].memory: duplicate key \"memory\" (first written at line 18); remove"
                + " one of the two"),
        Arguments.of(
            "unknown key",
            "memory: 4GiB",
            "memroy: 4GiB",
            E + "18:5: vms[0].memroy: unknown key \"memroy\"; did you mean memory?"),
        Arguments.of(
            "password",
            "    permissions: [login]\n",
            "    permissions: [login]\n    password: secret\n",
            E + "13:5: users[0].password: passwords are not supported"),
        Arguments.of(
            "unknown kind",
            "kind: Environment",
            "kind: Enviroment",
            E + "2:7: kind: \"Enviroment\" is not a known kind; write kind: Environment"),
        Arguments.of(
            "unknown apiVersion",
            "apiVersion: ringmaster/v1",
            "apiVersion: ringmaster/v2",
            E
                + "1:13: apiVersion: \"ringmaster/v2\" is not a supported apiVersion; write"
                + " apiVersion: ringmaster/v1"),
        Arguments.of(
            "name with a slash",
            "name: myapp-production",
            "name: myapp/production",
            E + "3:7: name: \"myapp/production\" is not a valid name (it contains \"/\";"),
        Arguments.of(
            "name with dot-dot",
            "name: myapp-production",
            "name: myapp..production",
            E + "3:7: name: \"myapp..production\" is not a valid name (it contains \"..\";"),
        Arguments.of(
            "name with upper case",
            "name: myapp-production",
            "name: MyApp-production",
            E + "3:7: name: \"MyApp-production\" is not a valid name (it contains upper case"),
        Arguments.of(
            "VM outside its resource group",
            "name: myapp00",
            "name: web00",
            E + "16:11: vms[0].name: VM name \"web00\" is not myapp followed by two digits"),
        Arguments.of(
            "decimal unit",
            "memory: 4GiB",
            "memory: 8GB",
            E + "18:13: vms[0].memory: \"8GB\" is not a size; write 8GiB"),
        Arguments.of(
            "negative size",
            "disk: 30GiB",
            "disk: -30GiB",
            E + "20:11: vms[0].disk: \"-30GiB\" is not a size; write a positive whole number"),
        Arguments.of(
            "zero size",
            "disk: 30GiB",
            "disk: 0GiB",
            E + "20:11: vms[0].disk: disk is zero; write a positive size"),
        Arguments.of(
            "too little memory",
            "memory: 4GiB",
            "memory: 256MiB",
            E + "18:13: vms[0].memory: memory 256MiB is less than the minimum of 512MiB"),
        Arguments.of(
            "wrong type",
            "cores: 2",
            "cores: two",
            E + "19:12: vms[0].cores: \"two\" is not a whole number; write a number of cores"),
        Arguments.of(
            "address outside its network",
            "    roles: [webgateway]\n",
            "    roles: [webgateway]\n    addresses: { srv: { ipv4: 10.4.0.5 } }\n",
            E
                + "22:31: vms[0].addresses.srv.ipv4: address 10.4.0.5 is outside the srv network"
                + " 10.3.0.0/24"),
        Arguments.of(
            "two VMs with the same address",
            "    roles: [webgateway]\n",
            "    roles: [webgateway]\n"
                + "  - { name: myapp01, host: kvm01, memory: 1GiB, cores: 1, disk: 10GiB,"
                + " addresses: { srv: { ipv4: 10.3.0.10 } } }\n",
            E
                + "22:98: vms[1].addresses.srv.ipv4: address 10.3.0.10 on the srv network is also"
                + " given to myapp00 at "
                + E
                + "16:11"),
        Arguments.of(
            "unknown role",
            "roles: [webgateway]",
            "roles: [postgres16]",
            E + "21:13: vms[0].roles[0]: unknown role \"postgres16\"; did you mean postgresql16?"),
        Arguments.of(
            "two PostgreSQL versions",
            "roles: [webgateway]",
            "roles: [postgresql15, postgresql16]",
            E + "21:12: vms[0].roles: roles postgresql15 and postgresql16 exclude each other"),
        Arguments.of(
            "human user named s-",
            "- name: alice",
            "- name: s-x",
            E + "9:11: users[0].name: human user \"s-x\" starts with s-"),
        Arguments.of(
            "service user without s-",
            "- name: s-myapp",
            "- name: myapp",
            E + "14:11: serviceUsers[0].name: service user \"myapp\" does not start with s-"),
        Arguments.of(
            "missing hypervisor",
            "host: kvm01",
            "host: kvm09",
            E + "17:11: vms[0].host: hypervisor \"kvm09\" does not exist; did you mean kvm01?"),
        Arguments.of(
            "more memory than the hypervisor has",
            "memory: 4GiB",
            "memory: 300GiB",
            E
                + "18:13: vms[0].memory: placing myapp00 on kvm01 brings its VMs to 300GiB of"
                + " memory, more than its capacity of 256GiB"),
        Arguments.of(
            "same VLAN twice",
            "vlan: 3",
            "vlan: 2",
            E + "7:16: networks.srv.vlan: VLAN 2 is also the fe network's VLAN"),
        Arguments.of(
            "VLAN out of range",
            "vlan: 3",
            "vlan: 5000",
            E + "7:16: networks.srv.vlan: \"5000\" is out of range 1..4094"),
        Arguments.of(
            "network with host bits",
            "10.3.0.0/24",
            "10.3.0.1/24",
            E
                + "7:25: networks.srv.ipv4: \"10.3.0.1/24\" is not an IPv4 network in CIDR"
                + " notation; write 10.3.0.0/24"),
        Arguments.of(
            "unknown permission",
            "permissions: [login]",
            "permissions: [logn]",
            E
                + "12:19: users[0].permissions[0]: unknown permission \"logn\"; did you mean"
                + " login?"),
        Arguments.of(
            "uid out of range",
            "uid: 1001",
            "uid: 70000",
            E + "10:10: users[0].uid: uid 70000 is outside 1000..59999"),
        Arguments.of(
            "not an SSH key",
            "AAAAC3NzaC1lZDI1NTE5AAAAIGYB3J",
            "AAAAB3NzaC1yc2EAAAADAQABAAAB",
            E + "11:15: users[0].sshKeys[0]: \"ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAAB"),
        Arguments.of(
            "bad time zone",
            "resourceGroup: myapp\n",
            "resourceGroup: myapp\nmaintenance: { timezone: Europe/Bonn }\n",
            E + "5:26: maintenance.timezone: \"Europe/Bonn\" is not a time zone id"),
        Arguments.of(
            "bad window",
            "resourceGroup: myapp\n",
            "resourceGroup: myapp\nmaintenance: { window: \"25:00-05:00\" }\n",
            E + "5:24: maintenance.window: \"25:00-05:00\" is not a daily window"),
        Arguments.of(
            "swap below the guide's minimum",
            "    roles: [webgateway]\n",
            "    roles: [webgateway]\n    swap: 256MiB\n",
            E + "22:11: vms[0].swap: swap 256MiB is less than the platform's minimum of 1GiB"),
        Arguments.of(
            "tmp below the guide's minimum",
            "    roles: [webgateway]\n",
            "    roles: [webgateway]\n    tmp: 1GiB\n",
            E + "22:10: vms[0].tmp: tmp 1GiB is less than the platform's minimum of 5GiB"),
        Arguments.of(
            "maintenance window shorter than an hour",
            "resourceGroup: myapp\n",
            "resourceGroup: myapp\nmaintenance: { window: \"22:00-22:01\" }\n",
            E
                + "5:24: maintenance.window: maintenance window 22:00-22:01 lasts 1m, less than"
                + " one hour"),
        Arguments.of(
            "lead time beyond seven days",
            "resourceGroup: myapp\n",
            "resourceGroup: myapp\nmaintenance: { leadTime: 400d }\n",
            E + "5:26: maintenance.leadTime: lead time 400d is more than seven days"),
        Arguments.of(
            "srv network without IPv6",
            "srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: \"2001:db8:3::/64\" }",
            "srv: { vlan: 3, ipv4: 10.3.0.0/24 }",
            E + "7:8: networks.srv: the srv network has no ipv6 subnet"),
        Arguments.of(
            "fe network without IPv6",
            "fe: { vlan: 2, ipv4: 203.0.113.0/26, ipv6: \"2001:db8:2::/64\" }",
            "fe: { vlan: 2, ipv4: 203.0.113.0/26 }",
            E + "6:7: networks.fe: the fe network has no ipv6 subnet"),
        Arguments.of(
            "public IPv4 on srv",
            "ipv4: 10.3.0.0/24",
            "ipv4: 198.51.100.0/24",
            E
                + "7:25: networks.srv.ipv4: srv network 198.51.100.0/24 is not a private (RFC"
                + " 1918) IPv4 network"),
        Arguments.of(
            "srv network without IPv4",
            "srv: { vlan: 3, ipv4: 10.3.0.0/24, ",
            "srv: { vlan: 3, ",
            E + "7:8: networks.srv: the srv network has no ipv4 subnet"),
        Arguments.of(
            "missing key", "    cores: 2\n", "", E + "16:5: vms[0]: missing required key cores"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void reportsTheFirstProblemAtItsPosition(String name, String from, String to, String expected) {
    LoadResult result = load(new TestRepo(dir).edit(from, to));
    assertThat(result.hasErrors()).isTrue();
    assertThat(texts(result)).anySatisfy(d -> assertThat(d).startsWith(expected));
  }

  @Test
  void theUneditedRepositoryIsValid() {
    assertThat(load(new TestRepo(dir)).diagnostics()).isEmpty();
  }

  @Test
  void anFeNetworkWithoutIpv4IsValid() {
    TestRepo repo =
        new TestRepo(dir).edit("fe: { vlan: 2, ipv4: 203.0.113.0/26, ", "fe: { vlan: 2, ");
    assertThat(load(repo).diagnostics()).isEmpty();
  }

  @Test
  void warnsOfAShortLeadTimeOnProductionOnly() {
    TestRepo production =
        new TestRepo(dir)
            .edit(
                "resourceGroup: myapp\n",
                "resourceGroup: myapp\nproduction: true\nmaintenance: { leadTime: 2h }\n");
    LoadResult result = load(production);
    assertThat(result.hasErrors()).isFalse();
    assertThat(texts(result))
        .containsExactly(
            E
                + "6:26: warning: maintenance.leadTime: lead time 2h on a production environment is less"
                + " than 12 hours; the platform announces reboots at least 12h ahead; write"
                + " leadTime: 12h or more");
    TestRepo staging =
        new TestRepo(dir)
            .edit(
                "resourceGroup: myapp\n", "resourceGroup: myapp\nmaintenance: { leadTime: 2h }\n");
    assertThat(load(staging).diagnostics()).isEmpty();
  }

  @Test
  void refusesAnAliasBomb() {
    StringBuilder bomb = new StringBuilder("apiVersion: ringmaster/v1\nkind: Environment\n");
    bomb.append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1))));
      bomb.append("]\n");
    }
    LoadResult result = load(new TestRepo(dir).write(TestRepo.ENV, bomb.toString()));
    assertThat(texts(result))
        .containsExactly(
            TestRepo.ENV
                + ": more than 50 aliases to lists or mappings; write the values out plainly;"
                + " such input is refused");
  }

  @Test
  void refusesAFileThatExpandsBeyondTheNodeLimit() {
    StringBuilder yaml = new StringBuilder(TestRepo.ENVIRONMENT);
    yaml.append("---\napiVersion: ringmaster/v1\nkind: Environment\nname: myapp-bomb\n");
    yaml.append("resourceGroup: myapp\nx: &big\n");
    for (int i = 0; i < 2500; i++) {
      yaml.append("  k").append(i).append(": v\n");
    }
    yaml.append("vms: [").append(String.join(", ", java.util.Collections.nCopies(45, "*big")));
    yaml.append("]\n");
    LoadResult result = load(new TestRepo(dir).write(TestRepo.ENV, yaml.toString()));
    assertThat(texts(result))
        .contains(
            TestRepo.ENV
                + ": the file expands to more than 100000 YAML nodes; write the values out"
                + " instead of repeating aliases")
        .hasSizeLessThan(110);
  }

  @Test
  void refusesDeepNesting() {
    String deep = "x: " + "[".repeat(500) + "]".repeat(500) + "\n";
    LoadResult result = load(new TestRepo(dir).write(TestRepo.ENV, deep));
    assertThat(texts(result))
        .first()
        .asString()
        .startsWith(TestRepo.ENV + ": nested deeper than 50");
  }

  @Test
  void refusesA50MegabyteFileWithoutReadingIt() throws IOException {
    Path huge = dir.resolve("environments/huge.yaml");
    new TestRepo(dir);
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(50L * 1024 * 1024);
    }
    LoadResult result = load(new TestRepo(dir));
    assertThat(texts(result))
        .containsExactly(
            "environments/huge.yaml: the file has 52428800 bytes, more than the limit of 1048576"
                + " bytes (1 MiB); split it into several files");
  }

  @Test
  void refusesOversizedBlobsWithoutCallingTheirSupplier() {
    SourceFile blob =
        new SourceFile(
            "environments/huge.yaml",
            50L * 1024 * 1024,
            () -> {
              throw new AssertionError("content must not be read");
            });
    LoadResult result = FleetRepository.load(List.of(blob), AppliedRootDisks.NONE);
    assertThat(texts(result)).first().asString().contains("more than the limit of 1048576");
  }

  @Test
  void refusesSymbolicLinks() throws IOException {
    TestRepo repo = new TestRepo(dir);
    Files.createSymbolicLink(dir.resolve("environments/link.yaml"), dir.resolve(TestRepo.ENV));
    assertThat(texts(load(repo)))
        .containsExactly(
            "environments/link.yaml: symbolic links are refused; replace the link by the file or"
                + " directory itself");
  }

  @Test
  void reportsDuplicateVmNamesAcrossFiles() {
    TestRepo repo =
        new TestRepo(dir)
            .write(
                "environments/other.yaml",
                TestRepo.ENVIRONMENT
                    .replace("myapp-production", "myapp-staging")
                    .replace("vlan: 2", "vlan: 4")
                    .replace("vlan: 3", "vlan: 5"));
    assertThat(texts(load(repo)))
        .containsExactly(
            "environments/other.yaml:16:11: vms[0].name: VM myapp00 is already declared at "
                + E
                + "16:11; VM names are unique across the fleet; pick another number");
  }

  @Test
  void reportsDuplicateEnvironmentNames() {
    TestRepo repo =
        new TestRepo(dir)
            .write(
                "environments/other.yaml",
                TestRepo.ENVIRONMENT.replace("myapp00", "myapp01").replace("vlan: 3", "vlan: 5"));
    assertThat(texts(load(repo)))
        .containsExactly(
            "environments/other.yaml:3:7: name: environment myapp-production is already declared"
                + " at "
                + E
                + "3:7; rename one of them or remove the second");
  }

  @Test
  void refusesARootDiskSmallerThanLastApplied() {
    AppliedRootDisks last =
        vm -> vm.equals("myapp00") ? Optional.of(Size.gib(50)) : Optional.empty();
    LoadResult result = FleetRepository.load(new TestRepo(dir).root(), last);
    assertThat(texts(result))
        .containsExactly(
            E
                + "20:11: vms[0].disk: root disk 30GiB is smaller than the 50GiB last applied;"
                + " root disks only grow; write 50GiB or more");
  }

  @Test
  void reportsAllErrorsOfARepositoryTogether() {
    TestRepo repo =
        new TestRepo(dir)
            .edit("memory: 4GiB", "memory: 8GB")
            .edit("roles: [webgateway]", "roles: [webgatway]")
            .edit(TestRepo.HOST, "cores: 64", "cores: sixty-four");
    assertThat(texts(load(repo)))
        .containsExactly(
            E + "18:13: vms[0].memory: \"8GB\" is not a size; write 8GiB",
            E + "21:13: vms[0].roles[0]: unknown role \"webgatway\"; did you mean webgateway?",
            "hosts/kvm01.yaml:7:36: capacity.cores: \"sixty-four\" is not a whole number; write a"
                + " number of cores such as 64");
  }

  private static LoadResult load(TestRepo repo) {
    return FleetRepository.load(repo.root(), AppliedRootDisks.NONE);
  }

  private static List<String> texts(LoadResult result) {
    return result.diagnostics().stream().map(Diagnostic::toString).toList();
  }
}
