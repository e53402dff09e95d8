package dev.ringmaster.model.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Backup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs months of schedule on a controllable clock: every 15 minutes the schedule is asked whether a
 * backup is due (then one is taken at that instant) and retention prunes; at the end exactly the
 * listed backups remain.
 */
class RetentionScheduleTest {
  private static final Duration TICK = Duration.ofMinutes(15);
  private static final Duration DAILY_AT_0130 = Duration.ofMinutes(90);
  private static final Duration HOURLY_AT_30 = Duration.ofMinutes(30);

  /**
   * One stretch of the simulation: the VM's policy until an instant (null policy: deleted). A null
   * offset means the daemon is down until the stretch ends; {@code failing} means every backup
   * attempt fails while retention still runs.
   */
  record Phase(Backup policy, Duration offset, String until, boolean failing) {
    Phase(Backup policy, Duration offset, String until) {
      this(policy, offset, until, false);
    }
  }

  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of(
            "default: 3.5 months of daily backups",
            "2026-01-01T00:00:00Z",
            List.of(new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-04-15T12:00:00Z")),
            days("01:30", "2026-01-31", "2026-02-28", "2026-03-22", "2026-03-29", "2026-03-31")
                .and(days("01:30", "2026-04-05", "2026-04-09", "2026-04-10", "2026-04-11"))
                .and(days("01:30", "2026-04-12", "2026-04-13", "2026-04-14", "2026-04-15"))),
        Arguments.of(
            "frequent: 6 weeks of hourly backups",
            "2026-03-01T00:00:00Z",
            List.of(new Phase(Backup.FREQUENT, HOURLY_AT_30, "2026-04-15T12:00:00Z")),
            days("23:30", "2026-03-22", "2026-03-29", "2026-03-31", "2026-04-05")
                .and(days("23:30", "2026-04-08", "2026-04-09", "2026-04-10", "2026-04-11"))
                .and(days("23:30", "2026-04-12", "2026-04-13"))
                .and(hours("2026-04-14", 12, 23, 30))
                .and(hours("2026-04-15", 0, 11, 30))),
        Arguments.of(
            "deleted VM: everything kept during the purge period",
            "2026-01-01T00:00:00Z",
            List.of(
                new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-02-01T00:00:00Z"),
                new Phase(null, null, "2026-03-02T23:45:00Z")),
            days("01:30", "2026-01-04", "2026-01-11", "2026-01-18", "2026-01-25", "2026-01-26")
                .and(days("01:30", "2026-01-27", "2026-01-28", "2026-01-29", "2026-01-30"))
                .and(days("01:30", "2026-01-31"))),
        Arguments.of(
            "deleted VM: nothing kept after the purge period",
            "2026-01-01T00:00:00Z",
            List.of(
                new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-02-01T00:00:00Z"),
                new Phase(null, null, "2026-03-03T00:00:00Z")),
            new Expected(List.of())),
        Arguments.of(
            "policy none: earlier backups age out, the newest is not held",
            "2026-01-01T00:00:00Z",
            List.of(
                new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-02-01T00:00:00Z"),
                new Phase(Backup.NONE, Duration.ZERO, "2026-02-10T00:00:00Z")),
            days("01:30", "2026-01-18", "2026-01-25", "2026-01-31")),
        Arguments.of(
            "policy none: after 3 months nothing is left",
            "2026-01-01T00:00:00Z",
            List.of(
                new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-02-01T00:00:00Z"),
                new Phase(Backup.NONE, Duration.ZERO, "2026-05-15T00:00:00Z")),
            new Expected(List.of())),
        Arguments.of(
            "default: a daemon down for three days takes one backup when it is back",
            "2026-01-01T00:00:00Z",
            List.of(
                new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-01-10T02:00:00Z"),
                new Phase(Backup.DEFAULT, null, "2026-01-13T12:00:00Z"),
                new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-01-14T12:00:00Z")),
            days("01:30", "2026-01-04", "2026-01-08", "2026-01-09", "2026-01-10")
                .and(new Expected(List.of("2026-01-13T12:00:00Z", "2026-01-14T01:30:00Z")))),
        Arguments.of(
            "default: the newest backup stays although it is older than every tier",
            "2026-01-01T00:00:00Z",
            List.of(
                new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-01-02T00:00:00Z"),
                new Phase(Backup.DEFAULT, DAILY_AT_0130, "2026-06-01T00:00:00Z", true)),
            days("01:30", "2026-01-01")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void exactlyTheseBackupsRemain(String name, String start, List<Phase> phases, Expected expected) {
    TreeSet<Instant> backups = new TreeSet<>();
    Instant now = Instant.parse(start);
    Instant deletedAt = null;
    for (Phase phase : phases) {
      Instant until = Instant.parse(phase.until());
      if (phase.policy() == null && deletedAt == null) {
        deletedAt = now;
      }
      for (; !now.isAfter(until); now = now.plus(TICK)) {
        if (phase.policy() != null && phase.offset() == null && now.isBefore(until)) {
          continue; // the daemon is down: no tick runs until the phase ends
        }
        if (phase.policy() == null) {
          retain(
              backups, Retention.decideDeleted(backups, deletedAt, Retention.DEFAULT_PURGE, now));
          continue;
        }
        Duration offset = phase.offset() == null ? DAILY_AT_0130 : phase.offset();
        BackupSchedule schedule =
            phase.policy() == Backup.NONE
                ? BackupSchedule.of(Backup.NONE, "myapp00")
                : new BackupSchedule(period(phase.policy()), offset);
        if (schedule.due(backups.isEmpty() ? null : backups.last(), now) && !phase.failing()) {
          backups.add(now);
        }
        retain(backups, Retention.decide(phase.policy(), backups, now));
      }
      now = now.minus(TICK);
    }
    assertThat(backups.stream().map(Instant::toString).toList()).isEqualTo(expected.instants());
  }

  static Stream<Arguments> preRestore() {
    return Stream.of(
        Arguments.of(
            "the same day, after the day's scheduled backup", "2026-01-10T12:00:00Z", true),
        Arguments.of("three weeks later", "2026-01-31T12:00:00Z", true),
        Arguments.of("just before the purge period ends", "2026-02-09T00:45:00Z", true),
        Arguments.of("once the purge period is over", "2026-02-09T01:00:00Z", false),
        Arguments.of("months later", "2026-04-15T12:00:00Z", false));
  }

  /**
   * A restore at 01:00 on 2026-01-10 keeps the VM's disk as a pre-restore backup marked to be kept
   * for the purge period (30 days); the day's scheduled backup at 01:30 would otherwise prune it at
   * once. Everything else is as without the restore.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("preRestore")
  void aPreRestoreBackupIsKeptForThePurgePeriod(String name, String end, boolean kept) {
    Instant restoredAt = Instant.parse("2026-01-10T01:00:00Z");
    Map<Instant, Instant> marks = Map.of(restoredAt, restoredAt.plus(Retention.DEFAULT_PURGE));
    TreeSet<Instant> plain = simulateDaily(Instant.parse(end), null, Map.of());
    TreeSet<Instant> restored = simulateDaily(Instant.parse(end), restoredAt, marks);

    TreeSet<Instant> expected = new TreeSet<>(plain);
    if (kept) {
      expected.add(restoredAt);
    }
    assertThat(restored).containsExactlyElementsOf(expected);
    assertThat(plain).doesNotContain(restoredAt);
  }

  private static TreeSet<Instant> simulateDaily(
      Instant end, Instant restoreAt, Map<Instant, Instant> marks) {
    TreeSet<Instant> backups = new TreeSet<>();
    BackupSchedule schedule = new BackupSchedule(Duration.ofDays(1), DAILY_AT_0130);
    for (Instant now = Instant.parse("2026-01-01T00:00:00Z");
        !now.isAfter(end);
        now = now.plus(TICK)) {
      if (now.equals(restoreAt)) {
        backups.add(now);
      }
      if (schedule.due(backups.isEmpty() ? null : backups.last(), now)) {
        backups.add(now);
      }
      retain(
          backups, Retention.withKept(Retention.decide(Backup.DEFAULT, backups, now), marks, now));
    }
    return backups;
  }

  @Test
  void retentionIsMonotoneSoThePrunedSimulationEqualsOneDecisionOverEverything() {
    TreeSet<Instant> all = new TreeSet<>();
    BackupSchedule schedule = new BackupSchedule(Duration.ofHours(1), HOURLY_AT_30);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    TreeSet<Instant> pruned = new TreeSet<>();
    for (; now.isBefore(Instant.parse("2026-03-01T00:00:00Z")); now = now.plus(TICK)) {
      if (schedule.due(all.isEmpty() ? null : all.last(), now)) {
        all.add(now);
        pruned.add(now);
      }
      retain(pruned, Retention.decide(Backup.FREQUENT, pruned, now));
    }
    assertThat(pruned)
        .containsExactlyElementsOf(Retention.decide(Backup.FREQUENT, all, now).keep());
  }

  @Test
  void scheduleSaysWhenTheNextBackupIsDueAndWhenTheNewestIsTooOld() {
    BackupSchedule daily = new BackupSchedule(Duration.ofDays(1), DAILY_AT_0130);
    Instant t = Instant.parse("2026-01-10T12:00:00Z");
    Instant todays = Instant.parse("2026-01-10T01:30:00Z");
    Instant yesterdays = Instant.parse("2026-01-09T01:30:00Z");
    Instant older = Instant.parse("2026-01-08T23:00:00Z");
    assertThat(daily.lastSlot(t)).contains(todays);
    assertThat(daily.due(todays, t)).isFalse();
    assertThat(daily.nextDue(todays, t)).contains(Instant.parse("2026-01-11T01:30:00Z"));
    assertThat(daily.due(yesterdays, t)).isTrue();
    assertThat(daily.nextDue(yesterdays, t)).contains(t);
    assertThat(daily.overdue(yesterdays, Instant.EPOCH, t)).isFalse();
    assertThat(daily.overdue(older, Instant.EPOCH, t)).isTrue();
    assertThat(daily.due(null, t)).isTrue();
    assertThat(daily.overdue(null, Instant.parse("2026-01-09T12:00:00Z"), t)).isFalse();
    assertThat(daily.overdue(null, Instant.parse("2026-01-08T12:00:00Z"), t)).isTrue();
    BackupSchedule none = BackupSchedule.of(Backup.NONE, "myapp00");
    assertThat(none.due(null, t)).isFalse();
    assertThat(none.overdue(null, Instant.EPOCH, t)).isFalse();
    assertThat(none.nextDue(null, t)).isEmpty();
  }

  @Test
  void slotsDeriveFromTheVmNameDailyAtNightHourlyAnywhere() {
    for (String vm : List.of("myapp00", "myapp01", "shop17", "x00")) {
      BackupSchedule daily = BackupSchedule.of(Backup.DEFAULT, vm);
      BackupSchedule hourly = BackupSchedule.of(Backup.FREQUENT, vm);
      assertThat(daily).isEqualTo(BackupSchedule.of(Backup.DEFAULT, vm));
      assertThat(daily.period()).isEqualTo(Duration.ofDays(1));
      assertThat(daily.offset()).isLessThan(Duration.ofHours(6));
      assertThat(hourly.period()).isEqualTo(Duration.ofHours(1));
      assertThat(hourly.offset()).isLessThan(Duration.ofHours(1));
    }
    assertThat(BackupSchedule.of(Backup.DEFAULT, "myapp00").offset())
        .isNotEqualTo(BackupSchedule.of(Backup.DEFAULT, "myapp01").offset());
  }

  private static Duration period(Backup policy) {
    return policy == Backup.FREQUENT ? Duration.ofHours(1) : Duration.ofDays(1);
  }

  private static void retain(TreeSet<Instant> backups, Retention.Decision decision) {
    assertThat(decision.keep().size() + decision.prune().size()).isEqualTo(backups.size());
    decision.prune().forEach(backups::remove);
  }

  /** The backups expected to remain, as ISO-8601 instants, oldest first. */
  record Expected(List<String> instants) {
    Expected and(Expected more) {
      List<String> all = new ArrayList<>(instants);
      all.addAll(more.instants());
      return new Expected(all);
    }
  }

  private static Expected days(String time, String... dates) {
    return new Expected(Stream.of(dates).map(d -> d + "T" + time + ":00Z").toList());
  }

  private static Expected hours(String date, int from, int to, int minute) {
    List<String> out = new ArrayList<>();
    for (int h = from; h <= to; h++) {
      out.add("%sT%02d:%02d:00Z".formatted(date, h, minute));
    }
    return new Expected(out);
  }
}
