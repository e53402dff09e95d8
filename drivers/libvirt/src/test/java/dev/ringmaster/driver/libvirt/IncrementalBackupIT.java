package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.BackupFixture;
import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.model.Size;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * Incremental backups of a running TCG guest on a real libvirtd, one booted guest for the whole
 * story. Data is written into the running disk through QEMU's own block layer (the monitor's {@code
 * qemu-io} on the guest's virtio disk), so the dirty bitmaps of libvirt's checkpoints see it as
 * they see guest writes. A full backup creates a checkpoint; the next one is a small qcow2 overlay
 * whose backing file is the full one and that holds exactly the disk at its instant; the domain
 * keeps only the newest backup's checkpoint; restoring the incremental backup gives the whole disk
 * as of then; a predecessor deleted by hand makes the next backup full; a disk replaced under the
 * domain (a restore) makes the incremental attempt fall back to a full backup; the domain is
 * deleted with its checkpoints; a qcow2 version 2 root disk is backed up in full without a
 * checkpoint.
 */
class IncrementalBackupIT {
  private static final String VM = "incvm00";
  private static final String BACKUPS = BackupFixture.BACKUPS;
  private static final Duration BOOT = BackupFixture.BOOT;
  private static final Instant DAY1 = Instant.parse("2026-01-01T01:30:00Z");
  private static final Instant DAY2 = Instant.parse("2026-01-02T01:30:00Z");
  private static final Instant DAY3 = Instant.parse("2026-01-03T01:30:00Z");
  private static final Instant DAY4 = Instant.parse("2026-01-04T01:30:00Z");
  private static final Instant DAY5 = Instant.parse("2026-01-05T01:30:00Z");
  private static final Instant DAY6 = Instant.parse("2026-01-06T01:30:00Z");
  @RegisterExtension static final BackupFixture fixture = BackupFixture.forVm(VM);

  @Test
  void incrementalBackupsOfARunningGuest() throws Exception {
    fixture.ensureNetworks();
    fixture.ensureVolumes(Size.mib(64));
    Path root = fixture.root();
    Daemons.run(
        Duration.ofMinutes(1),
        List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 8M", root.toString()));
    fixture.driver().defineDomain(fixture.domain("0b"));
    fixture.driver().startDomain(VM);
    fixture.awaitSerialLine(GuestImage.MARKER);

    ObservedBackup full = take(DAY1);
    assertThat(full.incremental()).isFalse();
    assertThat(checkpoints()).containsExactly(BackupNames.checkpoint(DAY1));
    assertIdentical(root, data(DAY1));

    guestWrite("write -P 0x22 32M 128k");
    ObservedBackup second = take(DAY2);
    assertThat(second.basedOn()).as("incremental on the full backup").isEqualTo(DAY1);
    assertThat(info(data(DAY2)))
        .as("an overlay whose backing file is the previous backup")
        .contains("backing file: " + data(DAY1));
    assertThat(Files.size(data(DAY2)))
        .as("the incremental backup holds the changed clusters only")
        .isLessThan(2L * 1024 * 1024);
    assertThat(Files.size(data(DAY1))).isGreaterThan(8L * 1024 * 1024);
    assertIdentical(root, data(DAY2));
    assertThat(checkpoints())
        .as("only the newest backup's checkpoint is kept")
        .containsExactly(BackupNames.checkpoint(DAY2));
    assertThat(fixture.backups().list(BACKUPS)).containsExactly(full, second);

    guestWrite("write -P 0x33 48M 64k");
    ObservedBackup third = take(DAY3);
    assertThat(third.basedOn()).isEqualTo(DAY2);
    assertIdentical(root, data(DAY3));
    guestWrite("write -P 0x44 0 64k");

    Path restoreCopy = fixture.libvirtd().poolPath().resolve("expected-day3.qcow2");
    copyThroughLibvirt(data(DAY3), restoreCopy);
    assertThat(info(restoreCopy))
        .as("libvirt's copy of an incremental backup (what a restore does) is a whole disk")
        .doesNotContain("backing file");
    verify(restoreCopy, "read -P 0x11 0 8M");
    verify(restoreCopy, "read -P 0x22 32M 128k");
    verify(restoreCopy, "read -P 0x33 48M 64k");
    assertThat(compare(restoreCopy, root))
        .as("the write after the backup is not in it")
        .contains("Content mismatch at offset 0");

    Files.delete(data(DAY3));
    ObservedBackup afterHandDelete = take(DAY4);
    assertThat(afterHandDelete.incremental())
        .as("the newest backup's data was deleted by hand: a new chain")
        .isFalse();
    assertIdentical(root, data(DAY4));
    assertThat(checkpoints()).containsExactly(BackupNames.checkpoint(DAY4));

    fixture.driver().shutdownDomain(VM, BOOT);
    fixture
        .restores()
        .restoreRoot(BACKUPS, VM, DAY2, LibvirtdFixture.POOL, DiskRole.ROOT.volumeName(VM));
    verify(root, "read -P 0x22 32M 128k");
    verify(root, "read -P 0x11 0 8M");
    assertThat(checkpoints())
        .as("the checkpoint outlives the disk it had a bitmap in")
        .containsExactly(BackupNames.checkpoint(DAY4));
    Files.writeString(fixture.libvirtd().serialLog(VM), "");
    fixture.driver().startDomain(VM);
    fixture.awaitSerialLine(GuestImage.MARKER);
    ObservedBackup afterRestore = take(DAY5);
    assertThat(afterRestore.incremental())
        .as("the restored disk has no bitmap for the checkpoint: a full backup instead")
        .isFalse();
    assertIdentical(root, data(DAY5));
    assertThat(checkpoints()).containsExactly(BackupNames.checkpoint(DAY5));

    fixture.backups().delete(BACKUPS, VM, DAY5);
    assertThat(checkpoints()).as("a deleted backup's checkpoint goes with it").isEmpty();
    assertThat(fixture.backups().list(BACKUPS).stream().map(ObservedBackup::takenAt))
        .containsExactly(DAY1, DAY2, DAY4);

    fixture.driver().deleteDomain(VM, BOOT);
    assertThat(
            Daemons.run(
                Duration.ofSeconds(30),
                List.of("virsh", "-c", fixture.libvirtd().uri(), "list", "--all")))
        .as("a domain with checkpoints is deleted with them")
        .doesNotContain(VM);

    Files.delete(root);
    Daemons.run(
        Duration.ofMinutes(1),
        List.of("qemu-img", "create", "-f", "qcow2", "-o", "compat=0.10", root.toString(), "64M"));
    Daemons.run(
        Duration.ofMinutes(1),
        List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x55 0 1M", root.toString()));
    fixture.refreshPool(LibvirtdFixture.POOL);
    Files.writeString(fixture.libvirtd().serialLog(VM), "");
    fixture.driver().defineDomain(fixture.domain("0b"));
    fixture.driver().startDomain(VM);
    fixture.awaitSerialLine(GuestImage.MARKER);
    ObservedBackup oldDisk = take(DAY6);
    assertThat(oldDisk.incremental())
        .as("a qcow2 version 2 root disk (an earlier Ringmaster's) cannot keep bitmaps")
        .isFalse();
    assertThat(checkpoints()).isEmpty();
    assertIdentical(root, data(DAY6));
    fixture.driver().deleteDomain(VM, BOOT);
  }

  private static ObservedBackup take(Instant at) {
    return fixture.take(at);
  }

  private static Path data(Instant at) {
    return fixture.data(at);
  }

  /** Writes through the running guest's own disk backend, as the guest would. */
  private static void guestWrite(String command) {
    String out = fixture.guestIo(command);
    assertThat(out).as(command).doesNotContain("Error", "error", "conflict");
  }

  private static List<String> checkpoints() {
    return Daemons.run(
            Duration.ofSeconds(30),
            List.of("virsh", "-c", fixture.libvirtd().uri(), "checkpoint-list", VM, "--name"))
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .toList();
  }

  private static void copyThroughLibvirt(Path backup, Path target) throws Exception {
    Connect c = fixture.libvirtd().connect();
    try {
      StoragePool backups = c.storagePoolLookupByName(BACKUPS);
      StoragePool vms = c.storagePoolLookupByName(LibvirtdFixture.POOL);
      backups.refresh(0);
      var from = backups.storageVolLookupByName(backup.getFileName().toString());
      var copy =
          vms.storageVolCreateXMLFrom(
              LibvirtBackups.VolumeXmlOf.qcow2(
                  target.getFileName().toString(), from.getInfo().capacity),
              from,
              0);
      copy.free();
      from.free();
      backups.free();
      vms.free();
    } finally {
      c.close();
    }
  }

  private static String info(Path image) {
    return Daemons.run(Duration.ofMinutes(1), List.of("qemu-img", "info", "-U", image.toString()));
  }

  /** {@code qemu-img compare}'s output; it exits 1 when the images differ. */
  private static String compare(Path a, Path b) {
    try {
      return Daemons.run(
          Duration.ofMinutes(2), List.of("qemu-img", "compare", "-U", a.toString(), b.toString()));
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  private static void assertIdentical(Path disk, Path backup) {
    assertThat(compare(disk, backup))
        .as("%s against %s", backup, disk)
        .contains("Images are identical");
  }

  private static void verify(Path image, String command) {
    BackupFixture.verify(image, command);
  }
}
