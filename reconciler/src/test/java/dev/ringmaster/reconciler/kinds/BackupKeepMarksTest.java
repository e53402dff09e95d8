package dev.ringmaster.reconciler.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.BackupConsistency;
import dev.ringmaster.driver.spi.BackupResource;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.backup.BackupSchedule;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.KindObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planner;
import dev.ringmaster.reconciler.testing.Fleets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keep mark of a pre-restore backup in the backup kind's plan: taken early on a day whose
 * scheduled backup followed, retention alone would prune it at once; its mark keeps it until it
 * expires, then the pass prunes it and drops the mark.
 */
class BackupKeepMarksTest {
  private static final BackupHandler HANDLER = new BackupHandler();
  private static final String HOST = "kvm01";
  private static final String VM = "myapp00";
  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  private static final Instant SLOT =
      BackupSchedule.of(Backup.DEFAULT, VM).lastSlot(NOW).orElseThrow();
  private static final Instant YESTERDAY = SLOT.minus(Duration.ofDays(1));
  private static final Instant PRE_RESTORE = SLOT.truncatedTo(ChronoUnit.DAYS);
  private static final Instant TODAY = SLOT.plusSeconds(60);
  private static final ResourceId ID = new ResourceId(ResourceKind.BACKUP, HOST, VM);

  static Stream<Arguments> marks() {
    String inForce = PRE_RESTORE + " until " + NOW.plus(Duration.ofDays(29));
    String expired = PRE_RESTORE + " until " + NOW.minusSeconds(60);
    return Stream.of(
        Arguments.of(
            "no mark: retention prunes it",
            null,
            Action.UPDATE,
            List.of(YESTERDAY, TODAY),
            null,
            "retention prunes " + PRE_RESTORE),
        Arguments.of(
            "a mark in force keeps it",
            inForce,
            Action.NO_OP,
            List.of(YESTERDAY, PRE_RESTORE, TODAY),
            inForce,
            ""),
        Arguments.of(
            "an expired mark: pruned, the mark dropped",
            expired,
            Action.UPDATE,
            List.of(YESTERDAY, TODAY),
            null,
            "retention prunes "
                + PRE_RESTORE
                + "; keep mark of pre-restore backup(s) "
                + PRE_RESTORE
                + " expired"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("marks")
  void aKeepMarkHoldsRetentionOffUntilItExpires(
      String name, String mark, Action action, List<Instant> after, String kept, String reason) {
    BackupResource desired = desired();
    SortedMap<String, String> applied = desired.attributes();
    applied.put(BackupResource.BACKUPS, BackupLedger.join(List.of(YESTERDAY, PRE_RESTORE, TODAY)));
    if (mark != null) {
      applied.put(BackupKeepMarks.KEPT, mark);
    }

    Change c =
        HANDLER
            .plan(desired, observe(), LastApplied.of(List.of(record(applied))))
            .change()
            .orElseThrow();

    assertThat(c.action()).isEqualTo(action);
    assertThat(c.after().get(BackupResource.BACKUPS)).isEqualTo(BackupLedger.join(after));
    assertThat(c.after().get(BackupKeepMarks.KEPT)).isEqualTo(kept);
    assertThat(c.reason()).isEqualTo(reason);
  }

  @Test
  void aMarkIsNoDrift() {
    SortedMap<String, String> applied = desired().attributes();
    applied.put(BackupResource.BACKUPS, BackupLedger.join(List.of(YESTERDAY, PRE_RESTORE, TODAY)));
    applied.put(BackupKeepMarks.KEPT, PRE_RESTORE + " until " + NOW.plus(Duration.ofDays(29)));

    assertThat(
            Planner.drift(
                    "c2",
                    DesiredState.of(fleet(), Set.of()),
                    observe(),
                    LastApplied.of(List.of(record(applied))))
                .items())
        .isEmpty();
  }

  @Test
  void marksAreAddedToARecordAndReadBack() {
    Instant later = PRE_RESTORE.plus(Duration.ofDays(3));
    SortedMap<String, String> one =
        BackupKeepMarks.add(Map.of("pool", "backups"), PRE_RESTORE, NOW);
    SortedMap<String, String> two = BackupKeepMarks.add(one, later, NOW.plus(Duration.ofDays(3)));

    assertThat(two).containsEntry("pool", "backups");
    assertThat(BackupKeepMarks.parse(two.get(BackupKeepMarks.KEPT)))
        .containsExactly(
            Map.entry(PRE_RESTORE, NOW), Map.entry(later, NOW.plus(Duration.ofDays(3))));
  }

  private static AppliedRecord record(SortedMap<String, String> attributes) {
    return new AppliedRecord(ID, attributes, "myapp-prod", "c1", NOW.minusSeconds(3600));
  }

  private static Observation observe() {
    List<ObservedBackup> found =
        List.of(YESTERDAY, PRE_RESTORE, TODAY).stream()
            .map(
                t ->
                    new ObservedBackup(HOST, "backups", VM, t, BackupConsistency.CRASH, true, null))
            .toList();
    SortedMap<String, String> live =
        BackupLedger.observed(HOST, VM, "backups", desired(), found, NOW);
    return new Observation(new TreeMap<>(), new TreeMap<>())
        .withKinds(
            new TreeMap<>(
                Map.of(
                    ResourceKind.BACKUP,
                    new KindObservation(new TreeMap<>(Map.of(ID, live)), new TreeMap<>()))));
  }

  private static BackupResource desired() {
    Fleet fleet = fleet();
    return (BackupResource) HANDLER.derive(fleet, fleet.environments().get(0)).get(0);
  }

  private static Fleet fleet() {
    Hypervisor h = Fleets.hypervisor(HOST, "test:///default", "vms");
    Hypervisor withPool =
        new Hypervisor(
            h.name(),
            h.uri(),
            h.storagePool(),
            h.baseImage(),
            h.bridges(),
            h.capacity(),
            h.domainType(),
            h.directBoot(),
            h.ssh(),
            h.hostKey(),
            h.source(),
            "backups");
    VmSpec vm =
        new VmSpec(
            VM,
            HOST,
            Size.gib(1),
            1,
            Size.gib(10),
            null,
            null,
            List.of(),
            true,
            Map.of(),
            false,
            null,
            Backup.DEFAULT);
    return new Fleet(
        List.of(withPool), List.of(Fleets.environment("myapp-prod", "myapp", List.of(vm))));
  }
}
