package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Backup;
import dev.ringmaster.model.backup.BackupSchedule;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The daemon's wake-up includes the instant a VM's next backup falls due. */
class BackupWakeTest {
  @Test
  void wakesAtTheNextBackupSlotOfTheEarliestVm() {
    Instant now = Instant.parse("2026-01-10T12:00:00Z");
    Instant dailyNext =
        BackupSchedule.of(Backup.DEFAULT, "myapp00")
            .lastSlot(now)
            .orElseThrow()
            .plus(Duration.ofDays(1));
    Instant hourlyNext =
        BackupSchedule.of(Backup.FREQUENT, "myapp01")
            .lastSlot(now)
            .orElseThrow()
            .plus(Duration.ofHours(1));
    List<Change> changes =
        List.of(
            noOp("myapp00", "default", dailyNext.minus(Duration.ofDays(1))),
            noOp("myapp01", "frequent", hourlyNext.minus(Duration.ofHours(1))),
            noOp("myapp02", "none", now.minus(Duration.ofDays(3))));

    assertThat(DaemonSafety.dueAt(changes, now)).contains(hourlyNext);
    assertThat(DaemonSafety.dueAt(changes.subList(0, 1), now)).contains(dailyNext);
    assertThat(DaemonSafety.dueAt(changes.subList(2, 3), now)).isEmpty();
  }

  private static Change noOp(String vm, String policy, Instant newest) {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("policy", policy);
    a.put("backups", newest.toString());
    return new Change(
        new ResourceId(ResourceKind.BACKUP, "kvm01", vm),
        "myapp-prod",
        Action.NO_OP,
        Impact.LIVE,
        a,
        a,
        null,
        "");
  }
}
