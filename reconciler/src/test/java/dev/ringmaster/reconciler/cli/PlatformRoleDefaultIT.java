package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.driver.nixos.GuestPlatform;
import dev.ringmaster.driver.nixos.GuestResources;
import dev.ringmaster.driver.nixos.NixosDriverOptions;
import dev.ringmaster.driver.nixos.testing.GuestRoot;
import dev.ringmaster.driver.nixos.testing.OpenSshServer;
import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.engine.EngineFactory;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM with {@code roles: [postgresql]} and accounts from its resource group's file and from its
 * environment, through the CLI on libvirt's {@code test:///default} and a real sshd standing for
 * the guest: the plan shows {@code postgresql → postgresql16} and where each account comes from,
 * apply keeps both in last-applied (RocksDB). Then an engine whose catalogue makes {@code
 * postgresql} stand for {@code postgresql15} plans a {@code restart} of the guest, holds it for the
 * maintenance window, and status says so while drift stays empty.
 */
class PlatformRoleDefaultIT {
  private static final String GROUP = "pgdef";
  private static final String ENV = GROUP + "-staging";
  private static final String VM = GROUP + "00";
  private static final String GUEST = "guest/kvm01/" + VM;

  private static OpenSshServer server;
  private static org.libvirt.Connect keepAlive;

  @TempDir static Path serverDir;
  @TempDir Path dir;

  private GuestRoot guest;
  private Path repo;
  private Path state;
  private Path nixosConfig;

  record Run(int status, String out, String err) {}

  @BeforeAll
  static void startServer() throws Exception {
    keepAlive = new org.libvirt.Connect("test:///default");
    server = OpenSshServer.start(serverDir.resolve("sshd"));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    keepAlive.close();
  }

  @Test
  void theResolvedVersionIsPlannedKeptAndAChangedDefaultIsAHeldRestart() throws Exception {
    writeFleet();
    installAccounts();

    JsonNode create = guestChange(run("plan", "--format", "json"));
    assertThat(create.get("after").get(GuestAttributes.ROLES).asText())
        .isEqualTo("postgresql → postgresql16");
    assertThat(create.get("after").get(GuestAttributes.ACCOUNTS_FROM_GROUP).asText())
        .isEqualTo("alice, s-" + GROUP);
    assertThat(create.get("after").get(GuestAttributes.ACCOUNTS_FROM_ENVIRONMENT).asText())
        .isEqualTo("bob");

    Run apply = run("apply");
    assertThat(apply.status()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("create " + GUEST + " ... ok");
    assertThat(Files.readString(guest.config())).contains("\"postgresql16\"");
    assertThat(run("plan").status()).isZero();
    assertThat(run("drift").status()).isZero();

    try (StateStore store = StateStore.open(state)) {
      assertThat(store.lastApplied().get(ResourceId.parse(GUEST)).orElseThrow().attributes())
          .containsEntry(GuestAttributes.ROLES, "postgresql → postgresql16")
          .containsEntry(GuestAttributes.ACCOUNTS_FROM_ENVIRONMENT, "bob");
    }

    try (EngineFactory.Engine engine =
        EngineFactory.open(state, guestProperties(), ReconcilerConfig.defaults())) {
      Reconciler later =
          new Reconciler(
              engine.drivers(),
              engine.store(),
              engine.reconciler().config().withGuests(catalogue("postgresql15")));
      FleetSnapshot snapshot =
          Session.loadAndReport(
                  repo,
                  EngineFactory.rootDisks(engine.store()),
                  new PrintWriter(new StringWriter()))
              .orElseThrow();
      PlanResult planned = later.plan(snapshot, Set.of(ENV));
      Change change =
          planned.plan().changes().stream()
              .filter(c -> c.resource().toString().equals(GUEST))
              .findFirst()
              .orElseThrow();
      assertThat(change.impact()).isEqualTo(Impact.RESTART);
      assertThat(change.before()).containsEntry(GuestAttributes.ROLES, "postgresql → postgresql16");
      assertThat(change.after()).containsEntry(GuestAttributes.ROLES, "postgresql → postgresql15");
      assertThat(change.reason())
          .contains("role version postgresql16 → postgresql15")
          .contains("the catalogue's default for postgresql changed")
          .contains("waiting for maintenance window");

      ApplyReport report =
          later.apply(planned, new ApplyPolicy(true, false, null), ApplyListener.NONE);
      assertThat(report.withOutcome(JournalEntry.Outcome.SKIPPED))
          .extracting(r -> r.change().resource().toString())
          .containsExactly(GUEST);
      assertThat(later.drift(snapshot, Set.of(ENV)).isEmpty()).isTrue();
    }
    assertThat(Files.readString(guest.config())).contains("\"postgresql16\"");

    Run status = run("status");
    assertThat(status.status()).as(status.out() + status.err()).isEqualTo(2);
    assertThat(status.out()).containsPattern(ENV + " +\\S+ +1 +0 +0 +not converged");
    Run drift = run("drift");
    assertThat(drift.status()).as(drift.out() + drift.err()).isZero();
  }

  /** The engine's guest source with {@code postgresql} standing for {@code version}. */
  private dev.ringmaster.reconciler.desired.GuestResourceSource catalogue(String version) {
    Map<String, String> defaults = new TreeMap<>(Map.of("postgresql", version, "mysql", "mysql80"));
    NixosDriverOptions options =
        NixosDriverOptions.defaults(server.clientKey(), dir.resolve("unused_known_hosts"));
    return (fleet, env, vm) ->
        Optional.of(
            GuestResources.desired(fleet, env, vm, options, GuestPlatform.NOT_OBSERVED, defaults));
  }

  private void writeFleet() throws IOException {
    guest = new GuestRoot(dir.resolve("guest"));
    repo = Files.createDirectories(dir.resolve("repo"));
    state = dir.resolve("state");
    Files.createDirectories(repo.resolve("hosts"));
    Files.createDirectories(repo.resolve("environments"));
    Files.createDirectories(repo.resolve("resource-groups"));
    Files.write(
        repo.resolve("hosts/kvm01.yaml"),
        List.of(
            "apiVersion: ringmaster/v1",
            "kind: Hypervisor",
            "name: kvm01",
            "uri: test:///default",
            "storagePool: default-pool",
            "domainType: qemu",
            "bridges: { fe: br-fe, srv: br-srv }",
            "capacity: { memory: 64GiB, cores: 16 }"));
    Files.write(
        repo.resolve("resource-groups/" + GROUP + ".yaml"),
        List.of(
            "apiVersion: ringmaster/v1",
            "kind: ResourceGroup",
            "name: " + GROUP,
            "users:",
            "  - name: alice",
            "    uid: 1001",
            "    sshKeys: [\"" + sshKey() + "\"]",
            "    permissions: [login]",
            "serviceUsers:",
            "  - name: s-" + GROUP,
            "    uid: 60500"));
    Files.write(
        repo.resolve("environments/" + ENV + ".yaml"),
        List.of(
            "apiVersion: ringmaster/v1",
            "kind: Environment",
            "name: " + ENV,
            "resourceGroup: " + GROUP,
            "networks:",
            "  fe:  { vlan: 22, ipv4: 203.0.113.128/26, ipv6: \"2001:db8:22::/64\" }",
            "  srv: { vlan: 23, ipv4: 10.23.0.0/24, ipv6: \"2001:db8:23::/64\" }",
            "users:",
            "  - name: bob",
            "    uid: 1002",
            "    sshKeys: [\"" + sshKey() + "\"]",
            "    permissions: [login]",
            "vms:",
            "  - name: " + VM,
            "    host: kvm01",
            "    memory: 1GiB",
            "    cores: 1",
            "    disk: 10GiB",
            "    roles: [postgresql]",
            "    ssh: { host: 127.0.0.1, port: " + server.port() + ", user: root }"));
    nixosConfig = writeNixosConfig();
  }

  /** The accounts the stand-in activation installs, as the NixOS module would create them. */
  private void installAccounts() throws IOException {
    Files.write(
        guest.root().resolve("next-passwd"),
        List.of(
            "root:x:0:0:root:/root:/bin/sh",
            "alice:x:1001:100::/home/alice:/bin/sh",
            "bob:x:1002:100::/home/bob:/bin/sh",
            "s-" + GROUP + ":x:60500:990::/srv/s-" + GROUP + ":/bin/sh"));
    Files.write(
        guest.root().resolve("next-group"),
        List.of(
            "root:x:0:",
            "users:x:100:",
            "login:x:901:alice,bob",
            "service:x:990:",
            "nogroup:x:65534:"));
  }

  private Path writeNixosConfig() throws IOException {
    Path knownHosts =
        server.knownHosts("known_hosts", List.of(server.knownHostsLine(server.hostKey())));
    Properties p = new Properties();
    guestProperties(knownHosts).forEach(p::setProperty);
    Path file = dir.resolve("nixos.properties");
    try (var w = Files.newBufferedWriter(file)) {
      p.store(w, "test guest");
    }
    return file;
  }

  private Map<String, String> guestProperties() throws IOException {
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(nixosConfig)) {
      p.load(r);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  private Map<String, String> guestProperties(Path knownHosts) {
    Path root = guest.root();
    String activation =
        "cp "
            + q(root.resolve("next-passwd"))
            + " "
            + q(guest.passwd())
            + " && cp "
            + q(root.resolve("next-group"))
            + " "
            + q(guest.group())
            + " && "
            + q(Path.of(guest.activationCommand()));
    Map<String, String> p = new TreeMap<>();
    p.put("ringmaster.nixos.private-key", server.clientKey().toString());
    p.put("ringmaster.nixos.known-hosts", knownHosts.toString());
    p.put("ringmaster.nixos.connect-timeout", "10s");
    p.put("ringmaster.nixos.boot-timeout", "5s");
    p.put("ringmaster.nixos.config-path", guest.configPath());
    p.put("ringmaster.nixos.activation-command", activation);
    p.put("ringmaster.nixos.activation-timeout", "120s");
    p.put(
        "ringmaster.nixos.generation-command",
        "readlink " + q(root.resolve("nix/var/nix/profiles/system")));
    p.put("ringmaster.nixos.passwd-command", "cat " + q(guest.passwd()));
    p.put("ringmaster.nixos.group-command", "cat " + q(guest.group()));
    p.put("ringmaster.nixos.home-root", root.resolve("srv").toString());
    // the test root stands for a guest: no swap or tmp disk, no firewall to observe
    p.put("ringmaster.nixos.observe-platform", "false");
    return p;
  }

  private String sshKey() throws IOException {
    String[] f = Files.readString(Path.of(server.clientKey() + ".pub")).trim().split(" ");
    return f[0] + " " + f[1] + " test";
  }

  private Run run(String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--repo",
                repo.toString(),
                "--state-dir",
                state.toString(),
                "--env",
                ENV,
                "--nixos-config",
                nixosConfig.toString()));
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        RingmasterCli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  private JsonNode guestChange(Run plan) throws IOException {
    assertThat(plan.status()).as(plan.out() + plan.err()).isEqualTo(2);
    for (JsonNode c : new ObjectMapper().readTree(plan.out()).get("changes")) {
      if (c.get("resource").asText().equals(GUEST)) {
        return c;
      }
    }
    throw new AssertionError("no change to " + GUEST + " in " + plan.out());
  }

  private static String q(Path p) {
    return "'" + p + "'";
  }
}
