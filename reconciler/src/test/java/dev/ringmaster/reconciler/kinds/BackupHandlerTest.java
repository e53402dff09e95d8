package dev.ringmaster.reconciler.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.BackupConsistency;
import dev.ringmaster.driver.spi.BackupResource;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Environment;
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
import dev.ringmaster.reconciler.plan.DriftItem;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planner;
import dev.ringmaster.reconciler.testing.Fleets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The backup kind's planning, leftovers and drift on observations made at a chosen instant: what is
 * due, what retention prunes, what a removed VM keeps, and what drift says.
 */
class BackupHandlerTest {
  private static final BackupHandler HANDLER = new BackupHandler();
  private static final String HOST = "kvm01";
  private static final String VM = "myapp00";
  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  private static final Instant SLOT =
      BackupSchedule.of(Backup.DEFAULT, VM).lastSlot(NOW).orElseThrow();
  private static final Fleet FLEET = fleet(Backup.DEFAULT);
  private static final ResourceId ID = new ResourceId(ResourceKind.BACKUP, HOST, VM);

  static Stream<Arguments> plans() {
    Instant today = SLOT.plusSeconds(60);
    Instant yesterday = SLOT.minus(Duration.ofDays(1));
    Instant old = SLOT.minus(Duration.ofDays(20)).plusSeconds(3600);
    return Stream.of(
        Arguments.of(
            "on time, nothing to prune",
            Backup.DEFAULT,
            List.of(yesterday, today),
            true,
            Action.NO_OP,
            List.of(yesterday, today),
            ""),
        Arguments.of(
            "due: no backup since the last slot",
            Backup.DEFAULT,
            List.of(yesterday),
            true,
            Action.UPDATE,
            List.of(yesterday, NOW),
            "backup due (newest "
                + yesterday
                + "), incremental on "
                + yesterday
                + " if the VM runs"),
        Arguments.of(
            "no backup yet",
            Backup.DEFAULT,
            List.of(),
            false,
            Action.CREATE,
            List.of(NOW),
            "backup due (none yet)"),
        Arguments.of(
            "retention prunes a backup that is no longer the newest of anything",
            Backup.DEFAULT,
            List.of(old, old.plusSeconds(60), today),
            true,
            Action.UPDATE,
            List.of(old.plusSeconds(60), today),
            "retention prunes " + old),
        Arguments.of(
            "policy none: nothing due, old backups pruned",
            Backup.NONE,
            List.of(old, old.plusSeconds(60), yesterday),
            true,
            Action.UPDATE,
            List.of(old.plusSeconds(60), yesterday),
            "retention prunes " + old));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plansTheDueBackupAndTheRetentionPrunes(
      String name,
      Backup policy,
      List<Instant> taken,
      boolean applied,
      Action action,
      List<Instant> after,
      String reason) {
    Fleet fleet = fleet(policy);
    BackupResource desired = desired(fleet);
    Observation observed = observe(fleet, taken);
    LastApplied last =
        applied ? LastApplied.of(List.of(record(desired.attributes()))) : LastApplied.empty();

    Change c = HANDLER.plan(desired, observed, last).change().orElseThrow();

    assertThat(c.action()).isEqualTo(action);
    assertThat(c.impact()).isEqualTo(Impact.LIVE);
    assertThat(c.after().get(BackupResource.BACKUPS)).isEqualTo(BackupLedger.join(after));
    assertThat(c.after().get(BackupResource.SCHEDULE)).isEqualTo(desired.wantedSchedule());
    assertThat(c.reason()).isEqualTo(reason);
    assertThat(BackupLedger.added(c.before(), c.after()))
        .isEqualTo(after.contains(NOW) ? List.of(NOW) : List.of());
  }

  @Test
  void theDaemonWakesWhenTheNextBackupIsDue() {
    Instant today = SLOT.plusSeconds(60);
    BackupResource desired = desired(FLEET);
    LastApplied last = LastApplied.of(List.of(record(desired.attributes())));
    Change onTime =
        HANDLER.plan(desired, observe(FLEET, List.of(today)), last).change().orElseThrow();
    assertThat(onTime.action()).isEqualTo(Action.NO_OP);
    assertThat(HANDLER.dueAt(onTime)).contains(SLOT.plus(Duration.ofDays(1)));
    Change taking = HANDLER.plan(desired, observe(FLEET, List.of()), last).change().orElseThrow();
    assertThat(HANDLER.dueAt(taking))
        .as("after the backup this pass takes, the next slot")
        .contains(SLOT.plus(Duration.ofDays(1)));
    Fleet none = fleet(Backup.NONE);
    Change noPolicy =
        HANDLER.plan(desired(none), observe(none, List.of(today)), last).change().orElseThrow();
    assertThat(HANDLER.dueAt(noPolicy)).isEmpty();
  }

  @Test
  void driftShowsABackupDeletedByHand() {
    Instant a = SLOT.minus(Duration.ofDays(2));
    Instant b = SLOT.minus(Duration.ofDays(1));
    Instant c = SLOT.plusSeconds(60);
    SortedMap<String, String> applied = desired(FLEET).attributes();
    applied.put(BackupResource.BACKUPS, BackupLedger.join(List.of(a, b, c)));

    List<DriftItem> drift = drift(FLEET, List.of(a, c), applied);

    assertThat(drift)
        .containsExactly(
            new DriftItem(
                "myapp-prod",
                ID,
                BackupResource.BACKUPS,
                BackupLedger.join(List.of(a, b, c)),
                BackupLedger.join(List.of(a, c))));
  }

  @Test
  void driftShowsAVmWhoseNewestBackupIsOlderThanItsScheduleAllows() {
    Instant newest = SLOT.minus(Duration.ofDays(2));
    SortedMap<String, String> applied = desired(FLEET).attributes();
    applied.put(BackupResource.BACKUPS, BackupLedger.join(List.of(newest)));

    assertThat(drift(FLEET, List.of(newest), applied))
        .containsExactly(
            new DriftItem(
                "myapp-prod",
                ID,
                BackupResource.SCHEDULE,
                BackupResource.ON_TIME,
                "overdue: newest " + newest + ", one due every 1 day"));
    SortedMap<String, String> fresh = new TreeMap<>(applied);
    fresh.put(BackupResource.BACKUPS, BackupLedger.join(List.of(SLOT.minus(Duration.ofDays(1)))));
    assertThat(drift(FLEET, List.of(SLOT.minus(Duration.ofDays(1))), fresh))
        .as("due but not overdue is no drift: the pass takes it")
        .isEmpty();
  }

  @Test
  void aBrokenChainIsDriftAndTheNextBackupIsFull() {
    Instant a = SLOT.minus(Duration.ofDays(2));
    Instant b = SLOT.minus(Duration.ofDays(1));
    Instant c = SLOT.plusSeconds(60);
    SortedMap<String, String> applied = desired(FLEET).attributes();
    applied.put(BackupResource.BACKUPS, BackupLedger.join(List.of(a, b, c)));
    applied.put(BackupLedger.CHAIN, BackupLedger.INTACT);
    List<ObservedBackup> left = List.of(incremental(b, a), incremental(c, b)); // a deleted by hand
    Observation observed = withBackups(new TreeMap<>(Map.of(ID, observed(left))));
    LastApplied last = LastApplied.of(List.of(record(applied)));

    assertThat(Planner.drift("c2", DesiredState.of(FLEET, Set.of()), observed, last).items())
        .contains(
            new DriftItem(
                "myapp-prod",
                ID,
                BackupLedger.CHAIN,
                BackupLedger.INTACT,
                "broken: " + b + " needs the missing " + a + ", " + c + " needs the missing " + a));
    Change fix = HANDLER.plan(desired(FLEET), observed, last).change().orElseThrow();
    assertThat(fix.reason())
        .isEqualTo(
            "backup due (newest "
                + c
                + "), full: the chain of "
                + c
                + " is broken; retention prunes "
                + b);
    assertThat(BackupLedger.added(fix.before(), fix.after())).containsExactly(NOW);
    assertThat(BackupLedger.added(fix.after(), fix.before()))
        .as("an incremental that cannot be restored is pruned; the newest waits for the full one")
        .containsExactly(b);
  }

  @Test
  void retentionKeepsTheBackupsAKeptIncrementalNeeds() {
    Instant full = SLOT.minus(Duration.ofDays(20)).plusSeconds(3600);
    Instant sameDay = full.plusSeconds(60);
    Instant today = SLOT.plusSeconds(60);
    List<ObservedBackup> chain =
        List.of(incremental(full, null), incremental(sameDay, full), incremental(today, sameDay));
    Observation observed = withBackups(new TreeMap<>(Map.of(ID, observed(chain))));
    LastApplied last = LastApplied.of(List.of(record(desired(FLEET).attributes())));
    Change c = HANDLER.plan(desired(FLEET), observed, last).change().orElseThrow();
    assertThat(c.action())
        .as("the older backup of that day is no longer the newest of anything, but is needed")
        .isEqualTo(Action.NO_OP);
  }

  private static SortedMap<String, String> observed(List<ObservedBackup> backups) {
    return BackupLedger.observed(HOST, VM, "backups", desired(FLEET), backups, NOW);
  }

  private static ObservedBackup incremental(Instant at, Instant base) {
    return new ObservedBackup(
        HOST, "backups", VM, at, BackupConsistency.CRASH, true, null, "noagent", base);
  }

  static Stream<Arguments> removals() {
    Instant backup = NOW.minus(Duration.ofDays(3));
    return Stream.of(
        Arguments.of(
            "first noticed: the removal is recorded",
            null,
            backup,
            Action.UPDATE,
            "VM removed from the fleet: its backups are kept until "
                + NOW.plus(Duration.ofDays(30))),
        Arguments.of(
            "inside the purge period: kept, nothing planned",
            NOW.minus(Duration.ofDays(29)),
            backup,
            null,
            null),
        Arguments.of(
            "purge period over: pruned",
            NOW.minus(Duration.ofDays(30)),
            backup,
            Action.DELETE,
            "VM removed on "
                + NOW.minus(Duration.ofDays(30))
                + ": purge period over, its backups are pruned"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("removals")
  void aRemovedVmKeepsItsBackupsForThePurgePeriod(
      String name, Instant removedAt, Instant backup, Action action, String reason) {
    Fleet without = new Fleet(FLEET.hypervisors(), List.of(environment(List.of())));
    List<AppliedRecord> records = new ArrayList<>();
    if (removedAt != null) {
      SortedMap<String, String> a = new TreeMap<>();
      a.put(BackupResource.POOL, "backups");
      a.put(BackupResource.BACKUPS, BackupLedger.join(List.of(backup)));
      a.put(BackupResource.SCHEDULE, BackupLedger.REMOVED);
      a.put(BackupLedger.REMOVED_AT, removedAt.toString());
      records.add(new AppliedRecord(ID, a, "myapp-prod", "c1", removedAt));
    }
    DesiredState desired = DesiredState.of(without, Set.of());
    SortedMap<String, String> live =
        BackupLedger.observed(HOST, VM, "backups", null, backups(List.of(backup)), NOW);
    live.put(BackupHandler.PURGE, "P30D");
    Observation observed = withBackups(new TreeMap<>(Map.of(ID, live)));

    List<Change> changes = HANDLER.leftovers(desired, observed, LastApplied.of(records));

    if (action == null) {
      assertThat(changes).isEmpty();
      assertThat(Planner.drift("c2", desired, observed, LastApplied.of(records)).items()).isEmpty();
      return;
    }
    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(action);
              assertThat(c.impact()).isEqualTo(Impact.LIVE);
              assertThat(c.reason()).isEqualTo(reason);
              assertThat(BackupLedger.added(c.after(), c.before()))
                  .isEqualTo(action == Action.DELETE ? List.of(backup) : List.of());
            });
  }

  @Test
  void derivesOneResourcePerVmOnAHostWithABackupPoolOnly() {
    Hypervisor noPool = Fleets.hypervisor("kvm02", "test:///default", "vms");
    VmSpec other = vm("myapp01", "kvm02", null);
    Fleet fleet =
        new Fleet(
            List.of(FLEET.hypervisors().get(0), noPool),
            List.of(environment(List.of(vm(VM, HOST, Backup.FREQUENT), other))));
    assertThat(HANDLER.derive(fleet, fleet.environments().get(0)))
        .containsExactly(
            new BackupResource(
                HOST, VM, "myapp-prod", "backups", "vms", "myapp00-root", "frequent"));
  }

  private static List<DriftItem> drift(
      Fleet fleet, List<Instant> taken, SortedMap<String, String> applied) {
    return Planner.drift(
            "c2",
            DesiredState.of(fleet, Set.of()),
            observe(fleet, taken),
            LastApplied.of(List.of(record(applied))))
        .items();
  }

  private static AppliedRecord record(SortedMap<String, String> attributes) {
    return new AppliedRecord(ID, attributes, "myapp-prod", "c1", NOW.minusSeconds(3600));
  }

  private static Observation observe(Fleet fleet, List<Instant> taken) {
    SortedMap<String, String> live =
        BackupLedger.observed(HOST, VM, "backups", desired(fleet), backups(taken), NOW);
    return withBackups(new TreeMap<>(Map.of(ID, live)));
  }

  private static Observation withBackups(SortedMap<ResourceId, SortedMap<String, String>> objects) {
    return new Observation(new TreeMap<>(), new TreeMap<>())
        .withKinds(
            new TreeMap<>(
                Map.of(ResourceKind.BACKUP, new KindObservation(objects, new TreeMap<>()))));
  }

  private static List<ObservedBackup> backups(List<Instant> taken) {
    return taken.stream()
        .map(t -> new ObservedBackup(HOST, "backups", VM, t, BackupConsistency.CRASH, true, null))
        .toList();
  }

  private static BackupResource desired(Fleet fleet) {
    return (BackupResource) HANDLER.derive(fleet, fleet.environments().get(0)).get(0);
  }

  private static Fleet fleet(Backup policy) {
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
    return new Fleet(List.of(withPool), List.of(environment(List.of(vm(VM, HOST, policy)))));
  }

  private static Environment environment(List<VmSpec> vms) {
    return Fleets.environment("myapp-prod", "myapp", vms);
  }

  private static VmSpec vm(String name, String host, Backup policy) {
    return new VmSpec(
        name,
        host,
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
        policy);
  }
}
