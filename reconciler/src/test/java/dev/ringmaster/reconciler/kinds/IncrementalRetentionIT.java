package dev.ringmaster.reconciler.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.LibvirtDriverFactory;
import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.BackupResource;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * The backup kind's retention on real incremental chains: a running TCG guest is backed up on eight
 * days (a full backup on the first and the eighth, incremental ones between, each after a write
 * into the running disk), then the ledger's decision three weeks later is applied through the
 * driver. Retention alone would keep the week's newest (day 4) and the month's (day 8); day 4 is
 * incremental, so days 1 to 3 stay too, and days 5 to 7 go. Day 4 still reads as the whole disk of
 * day 4.
 */
class IncrementalRetentionIT {
  private static final String HOST = "kvm01";
  private static final String VM = "retvm00";
  private static final String BACKUPS = "backups";
  private static final Duration BOOT = Duration.ofSeconds(180);
  private static LibvirtdFixture libvirtd;
  private static HypervisorDriver driver;
  private static BackupDriver backups;

  @BeforeAll
  static void start() throws Exception {
    libvirtd = LibvirtdFixture.start();
    GuestImage guest = GuestImage.prepare(libvirtd.dir());
    driver =
        new LibvirtDriverFactory()
            .open(
                new Hypervisor(
                    HOST,
                    libvirtd.uri(),
                    LibvirtdFixture.POOL,
                    null,
                    new Hypervisor.Bridges("br-fe", "br-srv"),
                    new Hypervisor.Capacity(Size.gib(8), 4),
                    "qemu",
                    guest.directBoot(),
                    null,
                    null));
    backups = driver.backups().orElseThrow();
    Connect c = libvirtd.connect();
    try {
      StoragePool pool =
          c.storagePoolDefineXML(
              "<pool type='dir'><name>"
                  + BACKUPS
                  + "</name><target><path>"
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
  static void stop() {
    if (driver != null) {
      driver.close();
    }
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void retentionKeepsTheBackupsAKeptIncrementalNeeds() throws Exception {
    startGuest();
    for (int day = 1; day <= 8; day++) {
      guestWrite("write -P " + day + " " + day + "M 64k");
      ObservedBackup b = take(day(day));
      assertThat(b.incremental()).as("day %s", day).isEqualTo(day != 1 && day != 8);
    }

    Instant now = Instant.parse("2026-01-30T12:00:00Z");
    BackupResource desired =
        new BackupResource(
            HOST,
            VM,
            "it-env",
            BACKUPS,
            LibvirtdFixture.POOL,
            DiskRole.ROOT.volumeName(VM),
            "default");
    SortedMap<String, String> observed =
        BackupLedger.observed(HOST, VM, BACKUPS, desired, backups.list(BACKUPS), now);
    assertThat(BackupLedger.instants(observed.get(BackupLedger.PRUNE)))
        .containsExactly(day(5), day(6), day(7));
    for (Instant t : BackupLedger.instants(observed.get(BackupLedger.PRUNE))) {
      backups.delete(BACKUPS, VM, t);
    }

    assertThat(backups.list(BACKUPS).stream().map(ObservedBackup::takenAt))
        .containsExactly(day(1), day(2), day(3), day(4), day(8));
    Path day4 = libvirtd.dir().resolve("backups").resolve(BackupNames.data(HOST, VM, day(4)));
    assertThat(Daemons.run(Duration.ofMinutes(1), List.of("qemu-img", "check", day4.toString())))
        .contains("No errors were found");
    for (int day = 1; day <= 4; day++) {
      read(day4, "read -P " + day + " " + day + "M 64k");
    }
    read(day4, "read -P 0 5M 64k");
    SortedMap<String, String> after =
        BackupLedger.observed(HOST, VM, BACKUPS, desired, backups.list(BACKUPS), now);
    assertThat(after.get(BackupLedger.CHAIN)).isEqualTo(BackupLedger.INTACT);
    assertThat(after.get(BackupLedger.PRUNE)).isEmpty();
    driver.deleteDomain(VM, BOOT);
  }

  private static Instant day(int day) {
    return Instant.parse("2026-01-01T01:30:00Z").plus(Duration.ofDays(day - 1));
  }

  private static ObservedBackup take(Instant at) {
    return backups.take(BACKUPS, VM, LibvirtdFixture.POOL, DiskRole.ROOT.volumeName(VM), at);
  }

  private static void read(Path image, String command) {
    assertThat(
            Daemons.run(
                Duration.ofMinutes(1),
                List.of("qemu-io", "-U", "-r", "-f", "qcow2", "-c", command, image.toString())))
        .as("%s on %s", command, image)
        .doesNotContain("Pattern verification failed")
        .contains("read");
  }

  private static void guestWrite(String command) {
    assertThat(
            Daemons.run(
                Duration.ofMinutes(1),
                List.of(
                    "virsh",
                    "-c",
                    libvirtd.uri(),
                    "qemu-monitor-command",
                    VM,
                    "--hmp",
                    "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \""
                        + command
                        + "\"")))
        .as(command)
        .doesNotContain("Error", "error");
  }

  private static void startGuest() throws Exception {
    for (NetworkKind kind : NetworkKind.values()) {
      driver.ensureNetwork(
          new NetworkResource(HOST, kind, NetworkResource.nameFor(HOST, kind), "br-" + kind.key()));
    }
    for (DiskRole role : List.of(DiskRole.ROOT, DiskRole.SWAP, DiskRole.TMP)) {
      driver.ensureVolume(
          new VolumeResource(
              HOST,
              LibvirtdFixture.POOL,
              role.volumeName(VM),
              VM,
              "it-env",
              role,
              Size.mib(32),
              null));
    }
    List<DomainResource.Disk> disks =
        List.of(DiskRole.ROOT, DiskRole.SWAP, DiskRole.TMP).stream()
            .map(r -> new DomainResource.Disk(r, LibvirtdFixture.POOL, r.volumeName(VM)))
            .toList();
    List<DomainResource.Nic> nics =
        List.of(
            new DomainResource.Nic(
                NetworkKind.FE, NetworkResource.nameFor(HOST, NetworkKind.FE), "52:54:00:02:00:0c"),
            new DomainResource.Nic(
                NetworkKind.SRV,
                NetworkResource.nameFor(HOST, NetworkKind.SRV),
                "52:54:00:03:00:0c"));
    driver.defineDomain(
        new DomainResource(
            HOST,
            VM,
            UUID.nameUUIDFromBytes(("domain/" + HOST + "/" + VM).getBytes(StandardCharsets.UTF_8)),
            "it-env",
            Size.mib(128),
            1,
            disks,
            nics,
            true,
            "hash"));
    driver.startDomain(VM);
    long deadline = System.nanoTime() + BOOT.toNanos();
    while (!serialLog().contains(GuestImage.MARKER)) {
      assertThat(System.nanoTime()).as("the guest booted within %s", BOOT).isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private static String serialLog() throws IOException {
    Path log = libvirtd.serialLog(VM);
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
