package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.model.hostconfig.HostRetiredServiceUser;
import dev.ringmaster.model.hostconfig.SampleFleet;
import dev.ringmaster.model.validate.RoleCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks examples/nixos with Debian's nix-bin: every file parses, and lib.nix (builtins only) maps
 * a host config rendered by the Java renderer to the expected users, groups, sudo rules, sshd
 * settings, interfaces and role options. A full NixOS evaluation needs nixpkgs, which cannot be
 * fetched here.
 */
class NixModuleTest {
  private static final Path MODULE_DIR =
      Path.of("../../examples/nixos").toAbsolutePath().normalize();
  private static final Path LIB = MODULE_DIR.resolve("lib.nix");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Path config;

  @BeforeAll
  static void renderSample() throws IOException {
    Fleet fleet = SampleFleet.fleet();
    Environment env = fleet.environment("myapp-production").orElseThrow();
    config = dir.resolve("hostconfig.json");
    Files.writeString(
        config,
        HostConfigJson.toJson(
            HostConfigRenderer.render(fleet, env, env.vm("myapp01").orElseThrow())));
  }

  private static String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
    pb.environment().put("NIX_CONFIG", "build-users-group =");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s failed: %s", command, err).isZero();
    return out;
  }

  private static JsonNode eval(String body) throws Exception {
    return eval(config, body);
  }

  private static JsonNode eval(Path hostConfig, String body) throws Exception {
    String expr =
        "{ libPath, configPath }: let lib = import (/. + libPath); hc = lib.load (/. + configPath);"
            + " in "
            + body;
    return JSON.readTree(
        run(
            "nix-instantiate",
            "--eval",
            "--strict",
            "--json",
            "--option",
            "build-users-group",
            "",
            "--argstr",
            "libPath",
            LIB.toString(),
            "--argstr",
            "configPath",
            hostConfig.toString(),
            "-E",
            expr));
  }

  @Test
  void everyNixFileParses() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(MODULE_DIR)) {
      files = s.filter(f -> f.toString().endsWith(".nix")).sorted().toList();
    }
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .contains("lib.nix", "ringmaster.nix");
    for (Path f : files) {
      assertThat(run("nix-instantiate", "--parse", f.toString())).isNotBlank();
    }
  }

  @Test
  void theJsonSchemaRequiresExactlyTheRenderedMembers() throws Exception {
    JsonNode schema = JSON.readTree(MODULE_DIR.resolve("hostconfig.schema.json").toFile());
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    List<String> rendered = new ArrayList<>();
    JSON.readTree(config.toFile()).fieldNames().forEachRemaining(rendered::add);

    assertThat(required).isEqualTo(rendered);
    assertThat(schema.at("/properties/schema/const").asText())
        .isEqualTo("ringmaster.hostconfig/v1");
  }

  @Test
  void theSampleDocumentEvaluates() throws Exception {
    JsonNode names =
        JSON.readTree(
            run(
                "nix-instantiate",
                "--eval",
                "--strict",
                "--json",
                "--option",
                "build-users-group",
                "",
                "--argstr",
                "libPath",
                LIB.toString(),
                "--argstr",
                "sample",
                MODULE_DIR.resolve("sample-hostconfig.json").toString(),
                "-E",
                "{ libPath, sample }: let lib = import (/. + libPath); in"
                    + " builtins.attrNames (lib.users (lib.load (/. + sample)))"));

    assertThat(names.toString()).isEqualTo("[\"alice\",\"bob\",\"s-myapp\"]");
  }

  @Test
  void humanUsersGetKeysAndPermissionGroups() throws Exception {
    JsonNode alice = eval("(lib.users hc).alice");

    assertThat(alice.get("isNormalUser").asBoolean()).isTrue();
    assertThat(alice.get("uid").asInt()).isEqualTo(1001);
    assertThat(alice.get("hashedPassword").asText()).isEqualTo("!");
    assertThat(alice.at("/extraGroups").toString()).isEqualTo("[\"login\",\"sudo-srv\"]");
    assertThat(alice.at("/openssh/authorizedKeys/keys/0").asText())
        .isEqualTo(SampleFleet.ALICE_KEY);
  }

  @Test
  void serviceUsersLiveUnderSrvInGroupService() throws Exception {
    JsonNode s = eval("(lib.users hc).\"s-myapp\"");

    assertThat(s.get("home").asText()).isEqualTo("/srv/s-myapp");
    assertThat(s.get("createHome").asBoolean()).isTrue();
    assertThat(s.get("group").asText()).isEqualTo("service");
    assertThat(s.get("isSystemUser").asBoolean()).isTrue();
  }

  @Test
  void groupsAreThePermissionsAndService() throws Exception {
    assertThat(eval("builtins.attrNames (lib.groups hc)").toString())
        .isEqualTo("[\"login\",\"service\",\"sudo-srv\"]");
  }

  @Test
  void sudoSrvMayActAsServiceUsersWithoutPassword() throws Exception {
    JsonNode rules = eval("lib.sudoRules");

    assertThat(rules.get(0).get("groups").toString()).isEqualTo("[\"sudo-srv\"]");
    assertThat(rules.get(0).get("runAs").asText()).isEqualTo("%service");
    assertThat(rules.get(0).at("/commands/0/options").toString()).isEqualTo("[\"NOPASSWD\"]");
  }

  @Test
  void sshdTakesKeysOnlyFromLoginAndAdmins() throws Exception {
    JsonNode sshd = eval("lib.sshdSettings");

    assertThat(sshd.get("PasswordAuthentication").asBoolean()).isFalse();
    assertThat(sshd.get("AllowGroups").toString()).isEqualTo("[\"root\",\"login\",\"admins\"]");
  }

  @Test
  void interfacesAreNamedByMacWithAddressesAndGateways() throws Exception {
    JsonNode net = eval("lib.network hc");

    assertThat(net.at("/systemd/network/links/10-ethfe/linkConfig/Name").asText())
        .isEqualTo("ethfe");
    assertThat(net.at("/systemd/network/links/10-ethsrv/matchConfig/PermanentMACAddress").asText())
        .isEqualTo(dev.ringmaster.model.Derived.mac("myapp01", 3));
    assertThat(net.at("/networking/interfaces/ethsrv/ipv4/addresses/0/address").asText())
        .isEqualTo("10.3.0.11");
    assertThat(net.at("/networking/interfaces/ethfe/ipv6/addresses/0/prefixLength").asInt())
        .isEqualTo(64);
    assertThat(net.at("/networking/defaultGateway/address").asText()).isEqualTo("203.0.113.1");
    assertThat(net.at("/networking/defaultGateway/interface").asText()).isEqualTo("ethfe");
    assertThat(net.at("/networking/defaultGateway6/address").asText()).isEqualTo("2001:db8:2::1");
    assertThat(net.at("/networking/hostName").asText()).isEqualTo("myapp01");
  }

  @Test
  void rolesOfTheHostConfigEnableTheirComponents() throws Exception {
    JsonNode services = eval("(lib.roleOptions lib.stubPkgs hc).services");

    assertThat(services.at("/postgresql/enable").asBoolean()).isTrue();
    assertThat(services.at("/postgresql/package").asText()).isEqualTo("postgresql_16");
    assertThat(services.at("/redis/servers//enable").asBoolean()).isTrue();
  }

  @Test
  void webgatewayIsNginxAndHaproxy() throws Exception {
    JsonNode services =
        eval(
            "(lib.roleOptions lib.stubPkgs { roles = [ \"webgateway\" \"mailserver\" ]; }).services");

    assertThat(services.at("/nginx/enable").asBoolean()).isTrue();
    assertThat(services.at("/haproxy/enable").asBoolean()).isTrue();
    assertThat(services.at("/postfix/enable").asBoolean()).isTrue();
  }

  @Test
  void everyCatalogueRoleHasAMappingAndNoMore() throws Exception {
    JsonNode mapped = eval("builtins.attrNames lib.roles");
    List<String> names = new ArrayList<>();
    mapped.forEach(n -> names.add(n.asText()));

    // platform names (postgresql, mysql) reach the guest resolved to their version, never as such
    List<String> versioned =
        RoleCatalogue.names().stream().filter(r -> !RoleCatalogue.DEFAULTS.containsKey(r)).toList();
    assertThat(names).containsExactlyInAnyOrderElementsOf(versioned);
    assertThat(
            eval(
                "map (r: lib.roleOptions lib.stubPkgs { roles = [ r ]; }) (builtins.attrNames lib.roles)"))
        .hasSize(versioned.size());
  }

  @Test
  void postgresqlVersionsPickTheirPackage() throws Exception {
    for (int v = 12; v <= 16; v++) {
      JsonNode pg =
          eval(
              "(lib.roleOptions lib.stubPkgs { roles = [ \"postgresql"
                  + v
                  + "\" ]; }).services.postgresql");
      assertThat(pg.get("package").asText()).isEqualTo("postgresql_" + v);
    }
  }

  private static Path retiredConfig() throws IOException {
    Path retired = dir.resolve("retired-hostconfig.json");
    Files.writeString(
        retired,
        HostConfigJson.withRetiredServiceUsers(
            Files.readString(config),
            List.of(
                HostRetiredServiceUser.of(
                    "s-old", 60999, java.time.Instant.parse("2026-11-25T10:00:00Z")))));
    return retired;
  }

  @Test
  void aRetiredServiceUserKeepsItsUidAndHomeButCannotBeUsed() throws Exception {
    JsonNode s = eval(retiredConfig(), "(lib.users hc).\"s-old\"");

    assertThat(s.get("uid").asInt()).isEqualTo(60999);
    assertThat(s.get("home").asText()).isEqualTo("/srv/s-old");
    assertThat(s.get("group").asText()).isEqualTo("service");
    assertThat(s.get("isSystemUser").asBoolean()).isTrue();
    assertThat(s.get("createHome").asBoolean()).isFalse();
    assertThat(s.get("hashedPassword").asText()).isEqualTo("!");
    assertThat(s.get("shell").asText()).endsWith("/nologin");
    assertThat(s.get("description").asText()).contains("2026-11-25T10:00:00Z");
  }

  @Test
  void retiredServiceUsersStayBesideTheActiveOnesAndSudoSrvMayNotActAsThem() throws Exception {
    Path retired = retiredConfig();

    assertThat(eval(retired, "builtins.attrNames (lib.users hc)").toString())
        .contains("\"s-myapp\"", "\"s-old\"");
    assertThat(eval(retired, "lib.sudoRulesFor hc").get(0).get("runAs").asText())
        .isEqualTo("%service, !s-old");
    assertThat(eval("lib.sudoRulesFor hc")).isEqualTo(eval("lib.sudoRules"));
    assertThat(eval("lib.retiredNames hc").toString()).isEqualTo("[]");
  }
}
