package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.BackupConsistency;
import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.CrashReason;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * Backups of a root disk on a real libvirtd: a shut-off VM's volume copied through the storage API,
 * a running TCG guest's disk through libvirt's push-mode backup job, both compared byte for byte
 * with the disk; names that reconstruct the backup, a completion mark, idempotent repeats,
 * deletion, and foreign volumes left alone.
 */
class LibvirtBackupIT {
  private static final String HOST = "kvm01";
  private static final String VM = "bkvm00";
  private static final String BACKUPS = "backups";
  private static final Duration BOOT = Duration.ofSeconds(180);
  private static LibvirtdFixture libvirtd;
  private static LibvirtDriver driver;
  private static BackupDriver backups;

  @BeforeAll
  static void start() throws Exception {
    libvirtd = LibvirtdFixture.start();
    GuestImage guest = GuestImage.prepare(libvirtd.dir());
    driver =
        new LibvirtDriverFactory()
            .open(
                TestHypervisors.of(HOST, libvirtd.uri(), LibvirtdFixture.POOL, guest.directBoot()));
    backups = driver.backups().orElseThrow();
    Connect c = libvirtd.connect();
    try {
      StoragePool pool =
          c.storagePoolDefineXML(
              "<pool type='dir'><name>"
                  + BACKUPS
                  + "</name><target><path>"
                  + backupDir()
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
  void backsUpAShutOffAndARunningVmsRootDiskOnly() throws Exception {
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
    Path root = libvirtd.poolPath().resolve(DiskRole.ROOT.volumeName(VM));
    qemuIo(root, "write -P 0x5a 0 1M");
    qemuIo(root, "write -P 0xa5 16M 64k");
    Files.writeString(backupDir().resolve("notes.qcow2"), "someone else's");
    Files.writeString(
        backupDir().resolve("ringmaster-backup.kvm02." + VM + ".20260101T000000Z.qcow2"), "x");

    Instant shutOff = Instant.parse("2026-01-01T01:30:00.250Z");
    ObservedBackup copy = take(shutOff);
    assertThat(copy.consistency()).isEqualTo(BackupConsistency.CRASH);
    assertThat(copy.crashReason()).isEqualTo(CrashReason.SHUT_OFF);
    assertThat(copy.takenAt()).isEqualTo(Instant.parse("2026-01-01T01:30:00Z"));
    assertSameContent(root, backupDir().resolve(copy.volume()));
    assertThat(backups.list(BACKUPS)).containsExactly(copy);
    assertThat(take(shutOff)).as("a repeat returns the backup made").isEqualTo(copy);
    assertThat(Files.list(backupDir()).count()).isEqualTo(4);

    driver.defineDomain(domain());
    driver.startDomain(VM);
    awaitSerialLine(GuestImage.MARKER);
    qemuIoShared(root, "read -P 0x5a 0 1M");
    Instant running = Instant.parse("2026-01-02T01:30:00Z");
    ObservedBackup live = take(running);
    assertThat(live.consistency())
        .as("an agent channel but no agent in the guest: crash-consistent")
        .isEqualTo(BackupConsistency.CRASH);
    assertThat(live.crashReasonText())
        .as("why: libvirt's answer to the freeze, recorded in the mark's name")
        .isEqualTo("guest agent did not answer: qemu guest agent is not connected");
    assertThat(
            Daemons.run(
                Duration.ofSeconds(30),
                List.of("virsh", "-c", libvirtd.uri(), "domjobinfo", VM, "--completed")))
        .as("the running domain's disk went through libvirt's backup job")
        .containsPattern("Operation:\\s+Backup")
        .containsPattern("Job type:\\s+Completed");
    Path liveData = backupDir().resolve(live.volume());
    assertSameContent(root, liveData);
    assertThat(Files.list(backupDir()).map(p -> p.getFileName().toString()))
        .as("only the root disk is backed up")
        .noneMatch(n -> n.contains("swap") || n.contains("tmp"));
    assertThat(backups.list(BACKUPS)).containsExactly(copy, live);

    Files.delete(
        backupDir()
            .resolve(
                BackupNames.mark(
                    HOST, VM, running, BackupConsistency.CRASH, live.crashReason(), null)));
    assertThat(backups.list(BACKUPS))
        .as("a backup without its mark is not complete")
        .extracting(ObservedBackup::complete)
        .containsExactly(true, false);
    ObservedBackup again = take(running);
    assertThat(again.complete()).isTrue();
    assertSameContent(root, liveData);

    backups.delete(BACKUPS, VM, shutOff);
    backups.delete(BACKUPS, VM, shutOff);
    assertThat(backups.list(BACKUPS)).containsExactly(again);
    assertThat(backupDir().resolve("notes.qcow2")).exists();
    assertThat(backupDir().resolve("ringmaster-backup.kvm02." + VM + ".20260101T000000Z.qcow2"))
        .as("another host's backup is not this host's")
        .exists();
    driver.deleteDomain(VM, BOOT);
  }

  private static ObservedBackup take(Instant at) {
    return backups.take(BACKUPS, VM, LibvirtdFixture.POOL, DiskRole.ROOT.volumeName(VM), at);
  }

  private static Path backupDir() {
    return libvirtd.dir().resolve("backups");
  }

  private static void assertSameContent(Path disk, Path backup) {
    assertThat(
            Daemons.run(
                Duration.ofMinutes(2),
                List.of("qemu-img", "compare", "-U", disk.toString(), backup.toString())))
        .contains("Images are identical");
  }

  private static void qemuIo(Path image, String command) {
    Daemons.run(
        Duration.ofMinutes(1), List.of("qemu-io", "-f", "qcow2", "-c", command, image.toString()));
  }

  private static void qemuIoShared(Path image, String command) {
    assertThat(
            Daemons.run(
                Duration.ofMinutes(1),
                List.of("qemu-io", "-U", "-r", "-f", "qcow2", "-c", command, image.toString())))
        .doesNotContain("Pattern verification failed");
  }

  private void awaitSerialLine(String line) throws Exception {
    long deadline = System.nanoTime() + BOOT.toNanos();
    while (!serialLog().contains(line)) {
      assertThat(System.nanoTime())
          .as("guest printed %s within %s; console so far:%n%s", line, BOOT, serialLog())
          .isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private String serialLog() throws IOException {
    Path log = libvirtd.serialLog(VM);
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  private static DomainResource domain() {
    List<DomainResource.Disk> disks =
        List.of(DiskRole.ROOT, DiskRole.SWAP, DiskRole.TMP).stream()
            .map(r -> new DomainResource.Disk(r, LibvirtdFixture.POOL, r.volumeName(VM)))
            .toList();
    List<DomainResource.Nic> nics =
        List.of(
            new DomainResource.Nic(
                NetworkKind.FE, NetworkResource.nameFor(HOST, NetworkKind.FE), "52:54:00:02:00:07"),
            new DomainResource.Nic(
                NetworkKind.SRV,
                NetworkResource.nameFor(HOST, NetworkKind.SRV),
                "52:54:00:03:00:07"));
    return new DomainResource(
        HOST,
        VM,
        UUID.nameUUIDFromBytes(("domain/" + HOST + "/" + VM).getBytes(StandardCharsets.UTF_8)),
        "it-env",
        Size.mib(128),
        1,
        disks,
        nics,
        true,
        "hash");
  }
}
