package dev.ringmaster.reconciler.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore decision on the backup pool fixture: bad input refused, consent required, held
 * outside the maintenance window (22:00–05:00 Europe/Berlin by default) unless forced.
 */
class RestoreDecisionTest {
  private static final Instant IN_WINDOW = Instant.parse("2026-01-05T23:00:00Z");
  private static final Instant DAYTIME = Instant.parse("2026-01-05T12:00:00Z");
  @TempDir Path dir;
  private Fleet fleet;
  private BackupCatalog.Listing listing;

  @BeforeEach
  void load() {
    Path repo = BackupPoolFixture.write(dir);
    fleet = FleetRepository.load(repo, AppliedRootDisks.NONE).fleet();
    try (DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      listing = BackupCatalog.list(fleet, drivers::driver, null);
    }
  }

  private RestoreDecision.Outcome decide(
      String vm, String at, Instant now, boolean consent, boolean force) {
    return RestoreDecision.decide(fleet, vm, RestorePoint.parse(at), listing, now, consent, force);
  }

  @Test
  void inTheWindowWithConsentItIsReadyAndNamesWhatIsOverwritten() {
    RestoreDecision.Outcome o = decide("myapp00", "2026-01-01T12:00:00Z", IN_WINDOW, true, false);
    assertThat(o).isInstanceOf(RestoreDecision.Ready.class);
    RestoreDecision.Ready ready = (RestoreDecision.Ready) o;
    assertThat(ready.forced()).isFalse();
    assertThat(ready.target())
        .isEqualTo(
            new RestoreDecision.Target(
                "myapp00",
                "myapp-prod",
                "kvm01",
                "backups",
                Instant.parse("2026-01-01T01:30:00Z"),
                "crash",
                "vms",
                "myapp00-root"));
    assertThat(ready.target().describe())
        .contains("from backup 2026-01-01T01:30:00Z", "overwrites root disk vms/myapp00-root");
  }

  @Test
  void withoutConsentItIsRefusedButStillShowsThePlannedRestore() {
    RestoreDecision.Outcome o = decide("myapp00", "2026-01-03T00:00:00Z", IN_WINDOW, false, true);
    assertThat(o).isInstanceOf(RestoreDecision.Refused.class);
    RestoreDecision.Refused r = (RestoreDecision.Refused) o;
    assertThat(r.message()).isEqualTo("a restore is destructive: needs --allow-destroy");
    assertThat(r.target().takenAt()).isEqualTo(Instant.parse("2026-01-02T01:30:00Z"));
  }

  @Test
  void outsideTheWindowItIsHeldUnlessForced() {
    RestoreDecision.Outcome held = decide("myapp00", "2026-01-03T00:00:00Z", DAYTIME, true, false);
    assertThat(held).isInstanceOf(RestoreDecision.Held.class);
    assertThat(((RestoreDecision.Held) held).message())
        .isEqualTo(
            "waiting for maintenance window 2026-01-05 22:00–05:00 Europe/Berlin; --force"
                + " restores now");
    RestoreDecision.Outcome forced = decide("myapp00", "2026-01-03T00:00:00Z", DAYTIME, true, true);
    assertThat(forced).isInstanceOf(RestoreDecision.Ready.class);
    assertThat(((RestoreDecision.Ready) forced).forced()).isTrue();
  }

  @Test
  void badInputIsRefusedWithoutATarget() {
    assertThat(decide("nosuch00", "2026-01-03T00:00:00Z", IN_WINDOW, true, true))
        .isEqualTo(new RestoreDecision.Refused("no VM nosuch00 in the fleet", null));
    assertThat(decide("myapp03", "2026-01-03T00:00:00Z", IN_WINDOW, true, true))
        .isEqualTo(
            new RestoreDecision.Refused(
                "myapp03 has the backup policy none: it has no backups to restore", null));
    assertThat(decide("myapp00", "2025-12-31T00:00:00Z", IN_WINDOW, true, true))
        .isEqualTo(
            new RestoreDecision.Refused(
                "myapp00 has no backup at or before 2025-12-31T00:00:00Z; its oldest is"
                    + " 2026-01-01T01:30:00Z",
                null));
    assertThat(decide("myapp02", "2026-01-03T00:00:00Z", IN_WINDOW, true, true))
        .isEqualTo(
            new RestoreDecision.Refused(
                "myapp02 has no backup at or before 2026-01-03T00:00:00Z (it has none)", null));
    assertThat(decide("myapp01", "20260103T020000Z", IN_WINDOW, true, true))
        .as("an incomplete backup (no mark) is not a restore point")
        .isEqualTo(
            new RestoreDecision.Refused(
                "myapp01 has no backup backup 20260103T020000Z; its oldest is"
                    + " 2026-01-02T02:00:00Z",
                null));
  }
}
