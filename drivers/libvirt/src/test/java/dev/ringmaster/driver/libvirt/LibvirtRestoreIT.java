package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.libvirt.testing.BackupFixture;
import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.spi.BackupConsistency;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.model.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restoring a root disk from a backup on a real libvirtd: the disk's content comes back (markers
 * written with qemu-io), the pre-restore backup holds what was overwritten, a backup that is a
 * qcow2 overlay on its predecessor is restored as the full disk, a restore interrupted after the
 * root was deleted completes from the staged copy, a running domain is refused, and the domain
 * boots from the restored disk.
 */
class LibvirtRestoreIT {
  private static final String HOST = BackupFixture.HOST;
  private static final String VM = "rsvm00";
  private static final String BACKUPS = BackupFixture.BACKUPS;
  private static final Duration BOOT = BackupFixture.BOOT;
  @RegisterExtension static final BackupFixture fixture = BackupFixture.forVm(VM);

  @Test
  void restoresTheRootDiskAndKeepsWhatItOverwrote() throws Exception {
    fixture.ensureNetworks();
    fixture.ensureVolumes(Size.mib(32));
    Path root = fixture.root();
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
    assertThat(fixture.libvirtd().poolPath().resolve(DiskRole.ROOT.volumeName(VM) + ".restore"))
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

    Path staged = fixture.libvirtd().poolPath().resolve(DiskRole.ROOT.volumeName(VM) + ".restore");
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
    fixture.driver().defineDomain(fixture.domain("09"));
    fixture.driver().startDomain(VM);
    fixture.awaitSerialLine(GuestImage.MARKER);
    assertThatThrownBy(() -> restore(first))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("the domain is running");
    verify(root, "read -P 0x11 0 1M");
    fixture.driver().deleteDomain(VM, BOOT);
  }

  private static ObservedBackup take(Instant at) {
    return fixture.take(at);
  }

  private static void restore(Instant at) {
    fixture.restore(at);
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
    assertThat(fixture.backups().list(BACKUPS)).extracting(ObservedBackup::takenAt).contains(at);
  }

  private static Path backupDir() {
    return fixture.backupDir();
  }

  private static void qemuIo(Path image, String command) {
    BackupFixture.qemuIo(image, command);
  }

  private static void verify(Path image, String command) {
    BackupFixture.verify(image, command);
  }
}
