package dev.ringmaster.reconciler.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ringmaster backups} and the newest-backup-age series against libvirt's {@code test:///}
 * driver loaded with a backup pool: names reconstruct VM, time and consistency, a copy without its
 * mark and foreign volumes are not listed, a VM filter, JSON, and an unreadable pool.
 */
class BackupsListingTest {
  @TempDir Path dir;

  @Test
  void listsTheCompleteBackupsOfEveryVmOrOfOne() {
    Path repo = BackupPoolFixture.write(dir);

    Result all = cli("backups", "--repo", repo.toString());
    assertThat(all.status()).as(all.err()).isZero();
    assertThat(
            all.out().lines().map(l -> l.replaceAll(" +", " ").replaceAll(" [0-9]+d [0-9]+h", "")))
        .containsExactly(
            "VM TAKEN AGE CONSISTENCY KIND WHERE WHY CRASH",
            "gone00 2025-12-01T01:00:00Z crash full kvm01:backups",
            "myapp00 2026-01-01T01:30:00Z crash full kvm01:backups guest agent channel absent",
            "myapp00 2026-01-02T01:30:00Z crash incremental kvm01:backups"
                + " guest agent did not answer: qemu guest agent is not connected",
            "myapp01 2026-01-02T02:00:00Z frozen full kvm01:backups");

    Result one = cli("backups", "myapp01", "--repo", repo.toString(), "--format", "json");
    assertThat(one.status()).as(one.err()).isZero();
    assertThat(one.out())
        .contains("\"vm\" : \"myapp01\"", "\"environment\" : \"myapp-prod\"")
        .contains("\"takenAt\" : \"2026-01-02T02:00:00Z\"", "\"consistency\" : \"frozen\"")
        .contains("\"consistencyReason\" : \"\"", "\"kind\" : \"full\"", "\"basedOn\" : null")
        .doesNotContain("myapp00", "2026-01-03");
    Result incremental = cli("backups", "myapp00", "--repo", repo.toString(), "--format", "json");
    assertThat(incremental.out())
        .contains(
            "\"consistencyReason\" : \"guest agent channel absent\"",
            "\"consistencyReason\" : \"guest agent did not answer: qemu guest agent is not"
                + " connected\"",
            "\"kind\" : \"incremental\"",
            "\"basedOn\" : \"2026-01-01T01:30:00Z\"");
  }

  @Test
  void anUnreadablePoolIsAnErrorNamingTheHypervisor() throws Exception {
    Path repo = BackupPoolFixture.write(dir);
    java.nio.file.Files.writeString(
        repo.resolve("hosts/kvm01.yaml"),
        java.nio.file.Files.readString(repo.resolve("hosts/kvm01.yaml"))
            .replace("backupPool: backups", "backupPool: nosuchpool"));
    Result r = cli("backups", "--repo", repo.toString());
    assertThat(r.status()).isEqualTo(RingmasterCli.ERROR);
    assertThat(r.err()).contains("kvm01").contains("nosuchpool");
  }

  @Test
  void newestBackupAgePerVmWhosePolicyTakesBackups() {
    Path repo = BackupPoolFixture.write(dir);
    Fleet fleet = FleetRepository.load(repo, AppliedRootDisks.NONE).fleet();
    BackupCatalog.Listing listing;
    try (DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      listing = BackupCatalog.list(fleet, drivers::driver, null);
    }
    String text = BackupMetricsText.render(fleet, listing, Instant.parse("2026-01-03T01:30:00Z"));
    assertThat(text.lines().filter(l -> !l.startsWith("#")))
        .containsExactly(
            "ringmaster_vm_backup_newest_age_seconds{environment=\"myapp-prod\",vm=\"myapp00\","
                + "policy=\"default\"} 86400",
            "ringmaster_vm_backup_newest_age_seconds{environment=\"myapp-prod\",vm=\"myapp01\","
                + "policy=\"frequent\"} 84600",
            "ringmaster_vm_backup_newest_age_seconds{environment=\"myapp-prod\",vm=\"myapp02\","
                + "policy=\"default\"} NaN",
            "ringmaster_backup_pool_up{hypervisor=\"kvm01\"} 1");
  }

  private record Result(int status, String out, String err) {}

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = RingmasterCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(status, out.toString(), err.toString());
  }
}
