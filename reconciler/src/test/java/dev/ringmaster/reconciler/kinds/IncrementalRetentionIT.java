package dev.ringmaster.reconciler.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.BackupFixture;
import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.BackupResource;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.model.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backup kind's retention on real incremental chains: a running TCG guest is backed up on eight
 * days (a full backup on the first and the eighth, incremental ones between, each after a write
 * into the running disk), then the ledger's decision three weeks later is applied through the
 * fixture.driver(). Retention alone would keep the week's newest (day 4) and the month's (day 8);
 * day 4 is incremental, so days 1 to 3 stay too, and days 5 to 7 go. Day 4 still reads as the whole
 * disk of day 4.
 */
class IncrementalRetentionIT {
  private static final String HOST = BackupFixture.HOST;
  private static final String VM = "retvm00";
  private static final String BACKUPS = BackupFixture.BACKUPS;
  private static final Duration BOOT = BackupFixture.BOOT;
  @RegisterExtension static final BackupFixture fixture = BackupFixture.forVm(VM);

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
        BackupLedger.observed(HOST, VM, BACKUPS, desired, fixture.backups().list(BACKUPS), now);
    assertThat(BackupLedger.instants(observed.get(BackupLedger.PRUNE)))
        .containsExactly(day(5), day(6), day(7));
    for (Instant t : BackupLedger.instants(observed.get(BackupLedger.PRUNE))) {
      fixture.backups().delete(BACKUPS, VM, t);
    }

    assertThat(fixture.backups().list(BACKUPS).stream().map(ObservedBackup::takenAt))
        .containsExactly(day(1), day(2), day(3), day(4), day(8));
    Path day4 = fixture.data(day(4));
    assertThat(Daemons.run(Duration.ofMinutes(1), List.of("qemu-img", "check", day4.toString())))
        .contains("No errors were found");
    for (int day = 1; day <= 4; day++) {
      read(day4, "read -P " + day + " " + day + "M 64k");
    }
    read(day4, "read -P 0 5M 64k");
    SortedMap<String, String> after =
        BackupLedger.observed(HOST, VM, BACKUPS, desired, fixture.backups().list(BACKUPS), now);
    assertThat(after.get(BackupLedger.CHAIN)).isEqualTo(BackupLedger.INTACT);
    assertThat(after.get(BackupLedger.PRUNE)).isEmpty();
    fixture.driver().deleteDomain(VM, BOOT);
  }

  private static Instant day(int day) {
    return Instant.parse("2026-01-01T01:30:00Z").plus(Duration.ofDays(day - 1));
  }

  private static ObservedBackup take(Instant at) {
    return fixture.take(at);
  }

  private static void read(Path image, String command) {
    BackupFixture.verify(image, command);
  }

  private static void guestWrite(String command) {
    assertThat(fixture.guestIo(command)).as(command).doesNotContain("Error", "error");
  }

  private static void startGuest() throws Exception {
    fixture.ensureNetworks();
    fixture.ensureVolumes(Size.mib(32));
    fixture.driver().defineDomain(fixture.domain("0c"));
    fixture.driver().startDomain(VM);
    fixture.awaitSerialLine(GuestImage.MARKER);
  }
}
