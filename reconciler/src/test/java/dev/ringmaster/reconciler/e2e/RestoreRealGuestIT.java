package dev.ringmaster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.state.StoreHostKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * Restore end to end with the real Debian guest on a private libvirtd: the converged guest writes a
 * marker file over SSH, a backup of its running root disk is taken, the marker is changed, {@code
 * ringmaster restore} brings the disk back (shutting the guest down, keeping the current disk as a
 * pre-restore backup, starting it again), the guest boots and the first marker is back; the
 * pre-restore backup is listed and is a whole disk of the root's size.
 */
class RestoreRealGuestIT {
  private static final String HOST = "kvm01";
  private static final String ENV = "e2e-staging";
  private static final String VM = "e2e01";
  private static final String ADDRESS = "10.3.0.11";
  private static final String GATEWAY = "10.3.0.1/24";
  private static final Duration CONVERGE = Duration.ofMinutes(10);
  private static final Duration BOOT = Duration.ofMinutes(6);

  private static LibvirtdFixture libvirtd;
  private static DebianGuest image;

  @TempDir Path repo;
  @TempDir Path work;

  private RealGuest guest;
  private String hostKey;

  @BeforeAll
  static void startLibvirtd() throws Exception {
    libvirtd = LibvirtdFixture.start();
    image = DebianGuest.prepare(libvirtd);
    Connect c = libvirtd.connect();
    try {
      StoragePool pool =
          c.storagePoolDefineXML(
              "<pool type='dir'><name>backups</name><target><path>"
                  + libvirtd.dir().resolve("backups")
                  + "</path></target></pool>",
              0);
      pool.build(0);
      pool.create(0);
      pool.free();
    } finally {
      c.close();
    }
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void aRestoredGuestBootsWithTheDataOfItsBackup() throws Exception {
    Path key = work.resolve("id_ed25519");
    Daemons.run(
        Duration.ofSeconds(30),
        List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
    guest = new RealGuest(libvirtd, repo, work.resolve("state"), nixosConfig(key), key);
    writeFleet();
    converge();

    ssh("echo first > /root/marker && sync");
    Instant taken = takeBackup();
    ssh("echo second > /root/marker && sync");

    Run refused = restore("--at", "yesterday");
    assertThat(refused.status()).as(refused.err()).isEqualTo(RingmasterCli.ERROR);
    assertThat(refused.err()).contains("is not a time").doesNotContain("Exception");
    Run noConsent = restore("--at", taken.toString(), "--force");
    assertThat(noConsent.status()).isEqualTo(RingmasterCli.ERROR);
    assertThat(noConsent.err()).contains("needs --allow-destroy").contains("nothing restored");
    assertThat(ssh("cat /root/marker").strip()).as("nothing changed").isEqualTo("second");

    Run restored = restore("--at", taken.plusSeconds(1).toString(), "--allow-destroy", "--force");
    assertThat(restored.status()).as(restored.out() + restored.err()).isZero();
    assertThat(restored.out())
        .contains("planned: restore " + VM + " (" + ENV + ") from backup " + taken)
        .contains("overwrites root disk " + LibvirtdFixture.POOL + "/" + root())
        .contains("restored " + VM + " from backup " + taken)
        .contains("; pre-restore backup ")
        .contains("started again");

    awaitSsh();
    assertThat(ssh("cat /root/marker").strip())
        .as("the backup's marker is back")
        .isEqualTo("first");

    Instant pre =
        Instant.parse(
            restored.out().replaceAll("(?s).*pre-restore backup (\\S+);.*", "$1").strip());
    Run listed = cli("backups", VM, "--repo", repo.toString(), "--state-dir", state());
    assertThat(listed.out()).contains(pre.toString()).contains(taken.toString());
    Path preData = libvirtd.dir().resolve("backups").resolve(BackupNames.data(HOST, VM, pre));
    assertThat(
            Daemons.run(
                Duration.ofMinutes(1), List.of("qemu-img", "info", "-U", preData.toString())))
        .as("the pre-restore backup is a whole disk of the root's size")
        .contains("virtual size: 3 GiB")
        .doesNotContain("backing file");
    try (StateStore store = StateStore.open(work.resolve("state"))) {
      List<JournalEntry> journal = store.journal(Long.MAX_VALUE, 10);
      assertThat(journal)
          .anySatisfy(
              e ->
                  assertThat(e.message())
                      .contains("forced outside the maintenance window (--force)"))
          .anySatisfy(e -> assertThat(e.outcome()).isEqualTo(JournalEntry.Outcome.OK));
    }
  }

  private void converge() throws Exception {
    long t0 = System.nanoTime();
    Process apply = guest.start("apply");
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline && apply.isAlive()) {
      try {
        guest.inNamespace("/usr/sbin/ip", "link", "show", "br-srv");
        guest.inNamespace("/usr/sbin/ip", "addr", "add", GATEWAY, "dev", "br-srv");
        break;
      } catch (IllegalStateException notYet) {
        Thread.sleep(200);
      }
    }
    RealGuest.Run last = guest.finish(apply, t0);
    while (last.status() != RingmasterCli.OK && System.nanoTime() - t0 < CONVERGE.toNanos()) {
      Thread.sleep(5_000);
      last = guest.cli("apply");
    }
    assertThat(last.status()).as(last.describe()).isZero();
    try (StateStore store = StateStore.open(work.resolve("state"))) {
      hostKey = new StoreHostKeys(store).find(ADDRESS, 22).orElseThrow();
    }
  }

  /** A backup of the running guest's root disk now, through the driver the CLI uses. */
  private Instant takeBackup() {
    Fleet fleet = FleetRepository.load(repo, AppliedRootDisks.NONE).fleet();
    Instant at = BackupNames.truncate(Instant.now());
    try (DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      ObservedBackup b =
          drivers
              .driver(fleet.hypervisor(HOST).orElseThrow())
              .backups()
              .orElseThrow()
              .take("backups", VM, LibvirtdFixture.POOL, root(), at);
      assertThat(b.complete()).isTrue();
    }
    return at;
  }

  private void awaitSsh() throws InterruptedException {
    long deadline = System.nanoTime() + BOOT.toNanos();
    while (true) {
      try {
        ssh("true");
        return;
      } catch (IllegalStateException | AssertionError notUp) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the restored guest did not answer SSH within " + BOOT, notUp);
        }
        Thread.sleep(3_000);
      }
    }
  }

  private String ssh(String command) {
    return guest.ssh(ADDRESS, hostKey, command);
  }

  private record Run(int status, String out, String err) {}

  private Run restore(String... flags) {
    String[] args = new String[flags.length + 6];
    args[0] = "restore";
    args[1] = VM;
    System.arraycopy(flags, 0, args, 2, flags.length);
    args[flags.length + 2] = "--repo";
    args[flags.length + 3] = repo.toString();
    args[flags.length + 4] = "--state-dir";
    args[flags.length + 5] = state();
    return cli(args);
  }

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = RingmasterCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  private String state() {
    return work.resolve("state").toString();
  }

  private static String root() {
    return DiskRole.ROOT.volumeName(VM);
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

  private void writeFleet() {
    write(
        "hosts/" + HOST + ".yaml",
        """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: "%s"
        storagePool: %s
        backupPool: backups
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
        maintenance: { window: "%s", timezone: UTC }
        networks:
          fe:  { vlan: 2, ipv4: 203.0.113.0/26, ipv6: "2001:db8:2::/64" }
          srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: "2001:db8:3::/64" }
        vms:
          - name: %s
            host: %s
            memory: 1GiB
            cores: 1
            disk: 3GiB
            roles: [generic]
        """
            .formatted(ENV, windowFarFromNow(), VM, HOST));
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

  /**
   * A one-hour maintenance window twelve hours away, so the restore is outside it whatever the time
   * of day the suite runs (the default window, 22:00-05:00 Berlin, covers a CI run in the evening).
   */
  private static String windowFarFromNow() {
    int start = (java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour() + 12) % 24;
    return String.format("%02d:00-%02d:00", start, (start + 1) % 24);
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
