package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.BackupFixture;
import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.spi.BackupConsistency;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.CrashReason;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.model.Size;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backups of a root disk on a real libvirtd: a shut-off VM's volume copied through the storage API,
 * a running TCG guest's disk through libvirt's push-mode backup job, both compared byte for byte
 * with the disk; names that reconstruct the backup, a completion mark, idempotent repeats,
 * deletion, and foreign volumes left alone.
 */
class LibvirtBackupIT {
  private static final String HOST = BackupFixture.HOST;
  private static final String VM = "bkvm00";
  private static final String BACKUPS = BackupFixture.BACKUPS;
  private static final Duration BOOT = BackupFixture.BOOT;
  @RegisterExtension static final BackupFixture fixture = BackupFixture.forVm(VM);

  @Test
  void backsUpAShutOffAndARunningVmsRootDiskOnly() throws Exception {
    fixture.ensureNetworks();
    fixture.ensureVolumes(Size.mib(32));
    Path root = fixture.root();
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
    assertThat(fixture.backups().list(BACKUPS)).containsExactly(copy);
    assertThat(take(shutOff)).as("a repeat returns the backup made").isEqualTo(copy);
    assertThat(Files.list(backupDir()).count()).isEqualTo(4);

    fixture.driver().defineDomain(fixture.domain("07"));
    fixture.driver().startDomain(VM);
    fixture.awaitSerialLine(GuestImage.MARKER);
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
                List.of("virsh", "-c", fixture.libvirtd().uri(), "domjobinfo", VM, "--completed")))
        .as("the running domain's disk went through libvirt's backup job")
        .containsPattern("Operation:\\s+Backup")
        .containsPattern("Job type:\\s+Completed");
    Path liveData = backupDir().resolve(live.volume());
    assertSameContent(root, liveData);
    assertThat(Files.list(backupDir()).map(p -> p.getFileName().toString()))
        .as("only the root disk is backed up")
        .noneMatch(n -> n.contains("swap") || n.contains("tmp"));
    assertThat(fixture.backups().list(BACKUPS)).containsExactly(copy, live);

    Files.delete(
        backupDir()
            .resolve(
                BackupNames.mark(
                    HOST, VM, running, BackupConsistency.CRASH, live.crashReason(), null)));
    assertThat(fixture.backups().list(BACKUPS))
        .as("a backup without its mark is not complete")
        .extracting(ObservedBackup::complete)
        .containsExactly(true, false);
    ObservedBackup again = take(running);
    assertThat(again.complete()).isTrue();
    assertSameContent(root, liveData);

    fixture.backups().delete(BACKUPS, VM, shutOff);
    fixture.backups().delete(BACKUPS, VM, shutOff);
    assertThat(fixture.backups().list(BACKUPS)).containsExactly(again);
    assertThat(backupDir().resolve("notes.qcow2")).exists();
    assertThat(backupDir().resolve("ringmaster-backup.kvm02." + VM + ".20260101T000000Z.qcow2"))
        .as("another host's backup is not this host's")
        .exists();
    fixture.driver().deleteDomain(VM, BOOT);
  }

  private static ObservedBackup take(Instant at) {
    return fixture.take(at);
  }

  private static Path backupDir() {
    return fixture.backupDir();
  }

  private static void assertSameContent(Path disk, Path backup) {
    assertThat(
            Daemons.run(
                Duration.ofMinutes(2),
                List.of("qemu-img", "compare", "-U", disk.toString(), backup.toString())))
        .contains("Images are identical");
  }

  private static void qemuIo(Path image, String command) {
    BackupFixture.qemuIo(image, command);
  }

  private static void qemuIoShared(Path image, String command) {
    assertThat(BackupFixture.qemuIoShared(image, command))
        .doesNotContain("Pattern verification failed");
  }
}
