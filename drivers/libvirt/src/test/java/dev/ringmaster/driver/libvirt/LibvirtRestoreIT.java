package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.BackupConsistency;
import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.RestoreDriver;
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
 * Restoring a root disk from a backup on a real libvirtd: the disk's content comes back (markers
 * written with qemu-io), the pre-restore backup holds what was overwritten, a backup that is a
 * qcow2 overlay on its predecessor is restored as the full disk, a restore interrupted after the
 * root was deleted completes from the staged copy, a running domain is refused, and the domain
 * boots from the restored disk.
 */
class LibvirtRestoreIT {
  private static final String HOST = "kvm01";
  private static final String VM = "rsvm00";
  private static final String BACKUPS = "backups";
  private static final Duration BOOT = Duration.ofSeconds(180);
  private static LibvirtdFixture libvirtd;
  private static LibvirtDriver driver;
  private static BackupDriver backups;
  private static RestoreDriver restores;

  @BeforeAll
  static void start() throws Exception {
    libvirtd = LibvirtdFixture.start();
    GuestImage guest = GuestImage.prepare(libvirtd.dir());
    driver =
        new LibvirtDriverFactory()
            .open(
                TestHypervisors.of(HOST, libvirtd.uri(), LibvirtdFixture.POOL, guest.directBoot()));
    backups = driver.backups().orElseThrow();
    restores = driver.restores().orElseThrow();
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
  void restoresTheRootDiskAndKeepsWhatItOverwrote() throws Exception {
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
    qemuIo(root, "write -P 0x11 0 1M");
    Instant first = Instant.parse("2026-01-01T01:30:00Z");
    take(first);

    qemuIo(root, "write -P 0x22 0 1M");
    Instant preRestore = Instant.parse("2026-01-02T01:30:00Z");
    ObservedBackup kept = take(preRestore);
    restore(first);
    verify(root, "read -P 0x11 0 1M");
    verify(backupDir().resolve(kept.volume()), "read -P 0x22 0 1M");
    assertThat(Daemons.run(Duration.ofMinutes(1), List.of("qemu-img", "check", root.toString())))
        .contains("No errors were found");
    assertThat(libvirtd.poolPath().resolve(DiskRole.ROOT.volumeName(VM) + ".restore"))
        .as("the staged copy is removed once the root is replaced")
        .doesNotExist();

    Instant incremental = Instant.parse("2026-01-03T01:30:00Z");
    overlayBackup(first, incremental, "write -P 0x33 16M 64k");
    restore(incremental);
    verify(root, "read -P 0x11 0 1M");
    verify(root, "read -P 0x33 16M 64k");
    assertThat(
            Daemons.run(Duration.ofMinutes(1), List.of("qemu-img", "info", "-U", root.toString())))
        .as("the restored root is a whole disk, not an overlay on a backup")
        .doesNotContain("backing file");

    Path staged = libvirtd.poolPath().resolve(DiskRole.ROOT.volumeName(VM) + ".restore");
    Daemons.run(
        Duration.ofMinutes(1),
        List.of(
            "qemu-img",
            "convert",
            "-O",
            "qcow2",
            backupDir().resolve(BackupNames.data(HOST, VM, preRestore)).toString(),
            staged.toString()));
    Files.delete(root);
    restore(first);
    verify(root, "read -P 0x22 0 1M");
    assertThat(staged)
        .as("a restore interrupted after the root was deleted completes from the staged copy")
        .doesNotExist();

    restore(first);
    driver.defineDomain(domain());
    driver.startDomain(VM);
    awaitSerialLine(GuestImage.MARKER);
    assertThatThrownBy(() -> restore(first))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("the domain is running");
    verify(root, "read -P 0x11 0 1M");
    driver.deleteDomain(VM, BOOT);
  }

  private static ObservedBackup take(Instant at) {
    return backups.take(BACKUPS, VM, LibvirtdFixture.POOL, DiskRole.ROOT.volumeName(VM), at);
  }

  private static void restore(Instant at) {
    restores.restoreRoot(BACKUPS, VM, at, LibvirtdFixture.POOL, DiskRole.ROOT.volumeName(VM));
  }

  /** A backup stored as a qcow2 overlay whose backing file is the backup taken at {@code base}. */
  private static void overlayBackup(Instant base, Instant at, String write) throws IOException {
    Path overlay = backupDir().resolve(BackupNames.data(HOST, VM, at));
    Daemons.run(
        Duration.ofMinutes(1),
        List.of(
            "qemu-img",
            "create",
            "-f",
            "qcow2",
            "-F",
            "qcow2",
            "-b",
            backupDir().resolve(BackupNames.data(HOST, VM, base)).toString(),
            overlay.toString()));
    qemuIo(overlay, write);
    Files.writeString(
        backupDir().resolve(BackupNames.mark(HOST, VM, at, BackupConsistency.CRASH)), "");
    assertThat(backups.list(BACKUPS)).extracting(ObservedBackup::takenAt).contains(at);
  }

  private static Path backupDir() {
    return libvirtd.dir().resolve("backups");
  }

  private static void qemuIo(Path image, String command) {
    Daemons.run(
        Duration.ofMinutes(1), List.of("qemu-io", "-f", "qcow2", "-c", command, image.toString()));
  }

  private static void verify(Path image, String command) {
    assertThat(
            Daemons.run(
                Duration.ofMinutes(1),
                List.of("qemu-io", "-U", "-r", "-f", "qcow2", "-c", command, image.toString())))
        .as("%s on %s", command, image)
        .doesNotContain("Pattern verification failed")
        .contains("read");
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
                NetworkKind.FE, NetworkResource.nameFor(HOST, NetworkKind.FE), "52:54:00:02:00:09"),
            new DomainResource.Nic(
                NetworkKind.SRV,
                NetworkResource.nameFor(HOST, NetworkKind.SRV),
                "52:54:00:03:00:09"));
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
