package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.driver.nixos.testing.GuestRoot;
import dev.ringmaster.driver.nixos.testing.OpenSshServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan/apply/drift with guests managed, end to end through the CLI: libvirt's {@code
 * test:///default} for the domain and a real OpenSSH sshd on loopback for the guest, whose file
 * system is a test root. The stand-in activation installs the user database the test expects the
 * NixOS module to produce from the document, then runs the recording script of {@link GuestRoot}.
 */
class GuestsCliIT {
  private static final String ALICE = "alice:x:1001:100::/home/alice:/bin/sh";
  private static final String BOB = "bob:x:1002:100::/home/bob:/bin/sh";

  private static OpenSshServer server;

  /**
   * libvirt frees test:///default's state when its last connection closes; this one keeps it
   * between CLI runs, as a real libvirtd would.
   */
  private static org.libvirt.Connect keepAlive;

  @TempDir static Path serverDir;
  @TempDir Path dir;

  private GuestRoot guest;
  private Path repo;
  private Path state;
  private Path nixosConfig;
  private String group;
  private String vmName;
  private String guestId;
  private String memory = "1GiB";

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
  void convergesTheDomainThenTheGuestAndReportsHandMadeUsersAsDrift() throws Exception {
    setUp("guestit");
    writeEnvironment(false);
    nextAccounts(List.of(ALICE, service()), "login:x:901:alice");

    Run apply = run("apply");
    assertThat(apply.status()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out())
        .containsSubsequence(
            "create domain/kvm01/" + vmName + " ... ok", "create " + guestId + " ... ok");
    assertThat(guest.activations()).hasSize(1);
    assertThat(guest.config()).exists();

    Run again = run("plan");
    assertThat(again.status()).as(again.out() + again.err()).isZero();

    writeEnvironment(true);
    nextAccounts(List.of(ALICE, BOB, service()), "login:x:901:alice,bob");
    JsonNode change = guestChange(run("plan", "--format", "json"));
    assertThat(change.get("action").asText()).isEqualTo("UPDATE");
    assertThat(change.get("impact").asText()).isEqualTo("live");
    assertThat(change.get("reason").asText()).contains("bob:1002");

    Run update = run("apply");
    assertThat(update.status()).as(update.out() + update.err()).isZero();
    assertThat(update.out()).contains("update " + guestId + " ... ok");
    assertThat(guest.activations()).hasSize(2);
    assertThat(run("drift").status()).isZero();

    Files.writeString(
        guest.passwd(), "mallory:x:1666:100::/home/mallory:/bin/sh\n", StandardOpenOption.APPEND);
    Run drift = run("drift");
    assertThat(drift.status()).as(drift.out() + drift.err()).isEqualTo(2);
    assertThat(drift.out()).contains(guestId).contains("mallory:1666");

    Path home = Files.createDirectories(guest.root().resolve("srv/s-" + group));
    Files.writeString(home.resolve("orders.db"), "orders");
    writeEnvironment(true, server.port(), false);
    JsonNode removal = guestChange(run("plan", "--format", "json"));
    assertThat(removal.get("impact").asText()).isEqualTo("live");
    assertThat(removal.get("reason").asText()).contains("s-" + group + " retired");
    Run retire = run("apply");
    assertThat(retire.status()).as(retire.out() + retire.err()).isZero();
    assertThat(retire.out())
        .contains("update " + guestId + " ... ok")
        .contains("service users: 1 being retired (homes kept)");
    assertThat(guest.activations()).hasSize(3);
    assertThat(Files.readString(guest.config())).contains("retiredServiceUsers");
    assertThat(home.resolve("orders.db")).hasContent("orders");
    Run scheduled = run("maintenance", "--format", "json");
    assertThat(scheduled.status()).as(scheduled.out() + scheduled.err()).isEqualTo(2);
    assertThat(scheduled.out()).contains("grace").contains("/srv/s-" + group);
    Run quiet = run("plan");
    assertThat(quiet.status()).as(quiet.out() + quiet.err()).isZero();
    assertThat(quiet.out()).contains("1 retired in their grace period (homes kept)");
    Run retiredDrift = run("drift");
    assertThat(retiredDrift.out())
        .contains("1 retired service user(s), homes kept (not drift)")
        .contains("s-" + group + " on kvm01/" + vmName);

    System.setProperty("RINGMASTER_DELETE_GRACE", "PT0S");
    try {
      Run held = run("apply");
      assertThat(held.status()).as(held.out() + held.err()).isEqualTo(2);
      assertThat(held.out())
          .contains("skipped " + guestId)
          .contains("--allow-destroy")
          .contains("s-" + group + " and their homes under /srv are kept");
      assertThat(home.resolve("orders.db")).exists();

      nextAccounts(List.of(ALICE, BOB), "login:x:901:alice,bob");
      Run destroy = run("apply", "--allow-destroy");
      assertThat(destroy.status()).as(destroy.out() + destroy.err()).isZero();
      assertThat(home).doesNotExist();
      assertThat(guest.activations()).hasSize(4);
      assertThat(Files.readString(guest.config())).doesNotContain("s-" + group);
    } finally {
      System.clearProperty("RINGMASTER_DELETE_GRACE");
    }

    memory = "2GiB";
    writeEnvironment(true, server.port(), true);
    Run restart = run("apply");
    assertThat(restart.status()).as(restart.out() + restart.err()).isEqualTo(2);
    assertThat(restart.out())
        .contains("skipped domain/kvm01/" + vmName + ": restart change: needs --allow-restart")
        .contains("skipped " + guestId + ": the domain may not be running");
    assertThat(guest.activations()).hasSize(4);
  }

  @Test
  void anUnreachableGuestIsListedAndTheDomainStillConverges() throws Exception {
    setUp("guestun");
    writeEnvironment(false, OpenSshServer.freePort());
    nextAccounts(List.of(ALICE, service()), "login:x:901:alice");

    Run apply = run("apply");
    assertThat(apply.status()).as(apply.out() + apply.err()).isEqualTo(1);
    assertThat(apply.out())
        .contains("create domain/kvm01/" + vmName + " ... ok")
        .contains(guestId + " ... failed");

    Run plan = run("plan", "--format", "json");
    assertThat(plan.status()).isEqualTo(2);
    JsonNode json = new ObjectMapper().readTree(plan.out());
    assertThat(json.get("unreachable").has(guestId)).as(plan.out()).isTrue();
    assertThat(guestChange(plan).get("action").asText()).isEqualTo("UPDATE");
    assertThat(guest.activations()).isEmpty();
  }

  /** Each test has its own resource group: test:///default is shared by the whole JVM. */
  private void setUp(String resourceGroup) throws Exception {
    group = resourceGroup;
    vmName = group + "00";
    guestId = "guest/kvm01/" + vmName;
    guest = new GuestRoot(dir.resolve("guest"));
    repo = Files.createDirectories(dir.resolve("repo"));
    state = dir.resolve("state");
    Files.createDirectories(repo.resolve("hosts"));
    Files.createDirectories(repo.resolve("environments"));
    Files.writeString(
        repo.resolve("hosts/kvm01.yaml"),
        String.join(
            "\n",
            "apiVersion: ringmaster/v1",
            "kind: Hypervisor",
            "name: kvm01",
            "uri: test:///default",
            "storagePool: default-pool",
            "domainType: qemu",
            "bridges: { fe: br-fe, srv: br-srv }",
            "capacity: { memory: 64GiB, cores: 16 }",
            ""));
    nixosConfig = writeNixosConfig();
  }

  private Path writeNixosConfig() throws IOException {
    Path knownHosts =
        server.knownHosts("known_hosts", List.of(server.knownHostsLine(server.hostKey())));
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
    Properties p = new Properties();
    p.setProperty("ringmaster.nixos.private-key", server.clientKey().toString());
    p.setProperty("ringmaster.nixos.known-hosts", knownHosts.toString());
    p.setProperty("ringmaster.nixos.connect-timeout", "10s");
    p.setProperty("ringmaster.nixos.config-path", guest.configPath());
    p.setProperty("ringmaster.nixos.activation-command", activation);
    p.setProperty("ringmaster.nixos.activation-timeout", "120s");
    p.setProperty(
        "ringmaster.nixos.generation-command",
        "readlink " + q(root.resolve("nix/var/nix/profiles/system")));
    p.setProperty("ringmaster.nixos.passwd-command", "cat " + q(guest.passwd()));
    p.setProperty("ringmaster.nixos.group-command", "cat " + q(guest.group()));
    p.setProperty("ringmaster.nixos.home-root", root.resolve("srv").toString());
    Path file = dir.resolve("nixos.properties");
    try (var w = Files.newBufferedWriter(file)) {
      p.store(w, "test guest");
    }
    return file;
  }

  private void writeEnvironment(boolean withBob) throws IOException {
    writeEnvironment(withBob, server.port());
  }

  private void writeEnvironment(boolean withBob, int port) throws IOException {
    writeEnvironment(withBob, port, true);
  }

  private void writeEnvironment(boolean withBob, int port, boolean withService) throws IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "apiVersion: ringmaster/v1",
                "kind: Environment",
                "name: " + group + "-staging",
                "resourceGroup: " + group,
                "networks:",
                "  fe:  { vlan: 12, ipv4: 203.0.113.64/26, ipv6: \"2001:db8:12::/64\" }",
                "  srv: { vlan: 13, ipv4: 10.13.0.0/24, ipv6: \"2001:db8:13::/64\" }",
                "users:",
                "  - name: alice",
                "    uid: 1001",
                "    sshKeys: [\"" + sshKey() + "\"]",
                "    permissions: [login]"));
    if (withBob) {
      lines.addAll(
          List.of(
              "  - name: bob",
              "    uid: 1002",
              "    sshKeys: [\"" + sshKey() + "\"]",
              "    permissions: [login]"));
    }
    if (withService) {
      lines.addAll(List.of("serviceUsers:", "  - name: s-" + group, "    uid: 60500"));
    }
    lines.addAll(
        List.of(
            "vms:",
            "  - name: " + vmName,
            "    host: kvm01",
            "    memory: " + memory,
            "    cores: 1",
            "    disk: 10GiB",
            "    roles: [generic]",
            "    ssh: { host: 127.0.0.1, port: " + port + ", user: root }",
            ""));
    Files.write(repo.resolve("environments/" + group + ".yaml"), lines);
  }

  private String sshKey() throws IOException {
    String[] f = Files.readString(Path.of(server.clientKey() + ".pub")).trim().split(" ");
    return f[0] + " " + f[1] + " test";
  }

  /** The user database the stand-in activation installs, as the NixOS module would create it. */
  private void nextAccounts(List<String> passwd, String login) throws IOException {
    List<String> users = new ArrayList<>(List.of("root:x:0:0:root:/root:/bin/sh"));
    users.addAll(passwd);
    Files.write(guest.root().resolve("next-passwd"), users);
    Files.write(
        guest.root().resolve("next-group"),
        List.of("root:x:0:", "users:x:100:", login, "service:x:990:", "nogroup:x:65534:"));
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
                group + "-staging",
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
      if (c.get("resource").asText().equals(guestId)) {
        return c;
      }
    }
    throw new AssertionError("no change to " + guestId + " in " + plan.out());
  }

  private String service() {
    return "s-" + group + ":x:60500:990::/srv/s-" + group + ":/bin/sh";
  }

  private static String q(Path p) {
    return "'" + p + "'";
  }
}
