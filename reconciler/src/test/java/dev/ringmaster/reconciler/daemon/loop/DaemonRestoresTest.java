package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.backup.BackupPoolFixture;
import dev.ringmaster.reconciler.backup.RestorePoint;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's restore on the backup pool fixture ({@code test:///}): previews and refusals take no
 * write permit and journal nothing; a restore takes the hypervisor's write permits, counted as a
 * write there (so a pass that planned before it plans again). The fixture's VM has no root disk, so
 * the restore itself fails, journaled, as {@link RestoreFailed}.
 */
class DaemonRestoresTest {
  private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

  @TempDir Path dir;

  @Test
  void previewsTakeNoPermitAndARestoreWritesUnderTheHostsPermits() {
    Fleet fleet =
        FleetRepository.load(BackupPoolFixture.write(dir.resolve("fleet")), AppliedRootDisks.NONE)
            .fleet();
    HostWritePermits writes = new HostWritePermits(1);
    try (StateStore store = StateStore.open(dir.resolve("state"));
        DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      DaemonRestores restores = new DaemonRestores(store, drivers);
      RestorePoint at = RestorePoint.parse("2026-01-03T00:00:00Z");

      RestoreReport preview =
          restores.restore(
              new RestoreRequest("myapp00", at, true, true, true, "op"), fleet, "c1", writes, NOW);
      RestoreReport noConsent =
          restores.restore(
              new RestoreRequest("myapp00", at, false, true, false, "op"),
              fleet,
              "c1",
              writes,
              NOW);
      assertThat(preview.outcome()).isEqualTo(RestoreReport.Outcome.PREVIEWED);
      assertThat(preview.backupId()).isEqualTo("20260102T013000Z");
      assertThat(noConsent.outcome()).isEqualTo(RestoreReport.Outcome.NEEDS_CONSENT);
      assertThat(writes.generations()).isEmpty();
      assertThat(store.journal(Long.MAX_VALUE, 10)).isEmpty();

      assertThatThrownBy(
              () ->
                  restores.restore(
                      new RestoreRequest("myapp00", at, true, true, false, "op"),
                      fleet,
                      "c1",
                      writes,
                      NOW))
          .isInstanceOf(RestoreFailed.class)
          .hasMessageContaining("restore of myapp00 failed")
          .hasMessageContaining("ask for the same restore again");
      assertThat(writes.generations()).containsExactly(java.util.Map.entry("kvm01", 1L));
      List<JournalEntry> journal = store.journal(Long.MAX_VALUE, 10);
      assertThat(journal)
          .extracting(JournalEntry::phase)
          .containsExactlyInAnyOrder(JournalEntry.Phase.INTENT, JournalEntry.Phase.OUTCOME);
      assertThat(journal)
          .anySatisfy(e -> assertThat(e.outcome()).isEqualTo(JournalEntry.Outcome.FAILED))
          .anySatisfy(e -> assertThat(e.message()).contains("requested by op"));
    }
  }
}
