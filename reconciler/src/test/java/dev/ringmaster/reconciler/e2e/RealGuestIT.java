package dev.ringmaster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.state.StoreHostKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real Debian 12 guest end to end: Ringmaster creates the VM from YAML (root disk cloned from
 * the image of {@code scripts/build-guest-image.sh}, swap and tmp disks, its cloud-init seed) on a
 * private libvirtd under TCG; the guest comes up on the server network with its derived address;
 * Ringmaster connects with the host key it generated and pinned, installs the host config and runs
 * the shipped Debian activation. Then the test reads the guest over SSH (accounts, swap, /tmp, the
 * nftables ruleset), makes hand changes (a user, a firewall rule) that show as drift and are
 * reverted by the next apply, and removes a service user from Git, which is retired inside the
 * guest with its home kept. {@code scripts/guest-e2e.sh} runs this test and shows what it read.
 */
class RealGuestIT {
  private static final String HOST = "kvm01";
  private static final String ENV = "e2e-staging";
  private static final String VM = "e2e01";
  private static final String ADDRESS = "10.3.0.11";
  private static final String GATEWAY = "10.3.0.1/24";
  private static final Duration CONVERGE = Duration.ofMinutes(10);
  private static final Pattern CLOUD_INIT_DONE =
      Pattern.compile("Cloud-init v\\. \\S+ finished at .* Up ([0-9.]+) seconds");

  private static LibvirtdFixture libvirtd;
  private static DebianGuest image;

  @TempDir Path repo;
  @TempDir Path work;

  /** What the test read from inside the guest; {@code scripts/guest-e2e.sh} prints it. */
  static final Path REPORT = Path.of("target", "real-guest-report.txt");

  private RealGuest guest;
  private String hostKey;

  @BeforeAll
  static void startLibvirtd() throws IOException {
    Files.deleteIfExists(REPORT);
    libvirtd = LibvirtdFixture.start();
    image = DebianGuest.prepare(libvirtd);
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void aRealDebianGuestIsCreatedConvergedAndKeptConverged() throws Exception {
    Path key = work.resolve("id_ed25519");
    Daemons.run(
        Duration.ofSeconds(30),
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "ringmaster",
            "-f",
            key.toString()));
    guest = new RealGuest(libvirtd, repo, work.resolve("state"), nixosConfig(key), key);
    writeFleet(List.of("s-app", "s-old"));

    firstConverge();
    readBackMatchesTheFleet();
    handMadeChangesAreDriftAndRevertedByTheNextApply();
    aServiceUserRemovedFromGitIsRetiredWithItsHomeKept();
  }

  private void firstConverge() throws Exception {
    long t0 = System.nanoTime();
    Process apply = guest.start("apply");
    giveTheServerBridgeTheGatewayAddress(apply);
    RealGuest.Run first = guest.finish(apply, t0);
    RealGuest.Run last = first;
    while (last.status() != RingmasterCli.OK && System.nanoTime() - t0 < CONVERGE.toNanos()) {
      Thread.sleep(5_000);
      last = guest.cli("apply");
    }
    Duration converged = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(last.status()).as(first.describe() + "\n=== last\n" + last.describe()).isZero();
    assertThat(first.out() + last.out()).contains("create seed/" + HOST + "/" + VM);
    hostKey = pinnedHostKey();
    Matcher boot =
        CLOUD_INIT_DONE.matcher(
            read(
                "cloud-init status --wait >/dev/null; grep -h 'finished at' /var/log/cloud-init-output.log || true"));
    assertThat(read("cloud-init status --long || true"))
        .as("cloud-init finished without errors")
        .contains("status: done");
    read("systemd-analyze || true");
    String uptime = boot.find() ? boot.group(1) : "?";
    report(
        String.format(
            "== boot: cloud-init finished after %s s of guest uptime; first converge (apply start"
                + " to host config activated) %d s",
            uptime, converged.toSeconds()));
    assertThat(guest.cli("plan").status()).as("nothing left to do").isZero();
  }

  private void giveTheServerBridgeTheGatewayAddress(Process apply) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline && apply.isAlive()) {
      try {
        guest.inNamespace("/usr/sbin/ip", "link", "show", "br-srv");
        guest.inNamespace("/usr/sbin/ip", "addr", "add", GATEWAY, "dev", "br-srv");
        return;
      } catch (IllegalStateException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the server bridge br-srv never appeared");
  }

  private void readBackMatchesTheFleet() {
    String passwd = read("getent passwd");
    String group = read("getent group");
    String swap = read("swapon --show --noheadings --raw");
    String tmp = read("findmnt --noheadings --raw --output SOURCE,FSTYPE /tmp");
    String rules = read("nft list ruleset");

    assertThat(passwd)
        .contains("alice:x:1001:100::/home/alice:/bin/bash")
        .containsPattern("(?m)^s-app:x:\\d+:\\d+::/srv/s-app:/bin/bash$")
        .containsPattern("(?m)^s-old:x:\\d+:\\d+::/srv/s-old:/bin/bash$");
    assertThat(group).containsPattern("(?m)^login:x:\\d+:alice$").containsPattern("(?m)^service:");
    assertThat(swap).startsWith("/dev/vdb partition");
    assertThat(tmp.trim()).isEqualTo("/dev/vdc ext4");
    assertThat(rules)
        .contains("policy drop;")
        .contains("iifname \"ethfe\" accept")
        .contains("iifname \"ethsrv\" tcp dport { 22, 80, 443 } accept")
        .contains("elements = { " + ADDRESS + " }")
        .contains("iifname \"ethsrv\" ip saddr @group4 accept");
    assertThat(read("ss -ltnH 'sport = :9100'")).contains(ADDRESS + ":9100");
    assertThat(read("cat /home/alice/.ssh/authorized_keys")).contains("alice@e2e");
  }

  private void handMadeChangesAreDriftAndRevertedByTheNextApply() {
    read("useradd -u 1500 -m mallory && nft add rule inet ringmaster input tcp dport 5432 accept");

    RealGuest.Run drift = guest.cli("drift");
    assertThat(drift.status()).as(drift.describe()).isEqualTo(RingmasterCli.CHANGES);
    assertThat(drift.out())
        .contains("guest/" + HOST + "/" + VM)
        .contains("mallory")
        .contains("firewall");

    RealGuest.Run apply = guest.cli("apply");
    assertThat(apply.status()).as(apply.describe()).isZero();
    assertThat(read("getent passwd mallory || echo gone")).isEqualTo("gone\n");
    assertThat(read("nft list ruleset")).doesNotContain("5432");
    assertThat(read("test -d /home/mallory && echo kept"))
        .as("home left on disk")
        .isEqualTo("kept\n");
    assertThat(guest.cli("drift").status()).isZero();
  }

  private void aServiceUserRemovedFromGitIsRetiredWithItsHomeKept() {
    read("echo precious > /srv/s-old/data && chown s-old /srv/s-old/data");
    writeFleet(List.of("s-app"));

    RealGuest.Run apply = guest.cli("apply");
    assertThat(apply.status()).as(apply.describe()).isIn(RingmasterCli.OK, RingmasterCli.CHANGES);
    assertThat(apply.out()).contains("retired");
    String passwd = read("getent passwd s-old");
    assertThat(passwd).contains(":/srv/s-old:/usr/sbin/nologin");
    assertThat(read("cat /srv/s-old/data")).isEqualTo("precious\n");
    assertThat(read("passwd --status s-old")).startsWith("s-old L");
    assertThat(read("getent passwd s-app")).contains(":/srv/s-app:/bin/bash");
  }

  private String read(String command) {
    String out = guest.ssh(ADDRESS, hostKey, command);
    report("== guest$ " + command + "\n" + out.stripTrailing());
    return out;
  }

  private static void report(String text) {
    System.out.println(text);
    try {
      Files.createDirectories(REPORT.toAbsolutePath().getParent());
      Files.writeString(
          REPORT,
          text + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The host key Ringmaster generated for the VM and pinned in its state store before the VM first
   * booted (read while no CLI runs: the store is a single-process RocksDB).
   */
  private String pinnedHostKey() {
    try (StateStore store = StateStore.open(work.resolve("state"))) {
      return new StoreHostKeys(store)
          .find(ADDRESS, 22)
          .orElseThrow(() -> new AssertionError("no host key pinned for " + ADDRESS));
    }
  }

  private Path nixosConfig(Path key) throws IOException {
    Properties p = new Properties();
    p.setProperty("ringmaster.nixos.private-key", key.toString());
    p.setProperty("ringmaster.nixos.activation-command", "/usr/local/sbin/ringmaster-activate");
    p.setProperty("ringmaster.nixos.generation-command", "cat /var/lib/ringmaster/generation");
    p.setProperty("ringmaster.nixos.activation-timeout", "5m");
    p.setProperty("ringmaster.nixos.connect-timeout", "10s");
    Path file = work.resolve("guests.properties");
    try (var w = Files.newBufferedWriter(file)) {
      p.store(w, "Debian guests");
    }
    return file;
  }

  private void writeFleet(List<String> serviceUsers) {
    write(
        "hosts/" + HOST + ".yaml",
        """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: "%s"
        storagePool: %s
        baseImage: %s
        domainType: qemu
        directBoot: { kernel: "%s", initrd: "%s", cmdline: "%s" }
        bridges: { fe: br-fe, srv: br-srv }
        capacity: { memory: 16GiB, cores: 8 }
        """
            .formatted(
                HOST,
                libvirtd.uri(),
                LibvirtdFixture.POOL,
                DebianGuest.BASE_IMAGE,
                image.kernel(),
                image.initrd(),
                DebianGuest.CMDLINE));
    write(
        "environments/" + ENV + ".yaml",
        """
        apiVersion: ringmaster/v1
        kind: Environment
        name: %s
        resourceGroup: e2e
        networks:
          fe:  { vlan: 2, ipv4: 203.0.113.0/26, ipv6: "2001:db8:2::/64" }
          srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: "2001:db8:3::/64" }
        users:
          - name: alice
            uid: 1001
            sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGYB3JgDIBfSuTkOCZEvhakRX7wz3pDNiEtSj+8P0qhf alice@e2e"]
            permissions: [login, sudo-srv]
        serviceUsers:
        %s
        vms:
          - name: %s
            host: %s
            memory: 1GiB
            cores: 1
            disk: 3GiB
            roles: [generic]
        """
            .formatted(
                ENV,
                serviceUsers.stream()
                    .map(s -> "  - name: " + s)
                    .reduce((a, b) -> a + "\n" + b)
                    .orElse(""),
                VM,
                HOST));
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("fleet")
          .setAuthor("e2e", "e2e@ringmaster.invalid")
          .setCommitter("e2e", "e2e@ringmaster.invalid")
          .setSign(false)
          .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(String relative, String content) {
    try {
      Path file = repo.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
