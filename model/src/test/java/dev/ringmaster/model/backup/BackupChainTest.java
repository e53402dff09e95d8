package dev.ringmaster.model.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Backup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chain decision: what the next backup builds on, which backups cannot be restored, how
 * retention keeps the backups a kept one needs; and months of schedule where every backup follows
 * the chain rule and retention is adjusted to the chains, ending with exactly the listed backups.
 */
class BackupChainTest {
  private static final Instant AT = Instant.parse("2026-01-10T01:30:00Z");

  /** {@code "01-08"} full, {@code "01-09<01-08"} incremental on 01-08; all at 01:30 UTC, 2026. */
  private static List<BackupChain.Link> links(String... specs) {
    return Arrays.stream(specs)
        .map(
            s -> {
              String[] p = s.split("<");
              return new BackupChain.Link(day(p[0]), p.length > 1 ? day(p[1]) : null);
            })
        .toList();
  }

  private static Instant day(String monthDay) {
    return Instant.parse("2026-" + monthDay + "T01:30:00Z");
  }

  static Stream<Arguments> nextCases() {
    return Stream.of(
        Arguments.of("no backup yet", links(), null, "full: no earlier backup"),
        Arguments.of("after a full one", links("01-09"), "01-09", "incremental on " + day("01-09")),
        Arguments.of(
            "on the newest of a chain",
            links("01-07", "01-08<01-07", "01-09<01-08"),
            "01-09",
            "incremental on " + day("01-09")),
        Arguments.of(
            "the chain's full backup a week old",
            links("01-03", "01-04<01-03", "01-09<01-04"),
            null,
            "full: the chain's full backup " + day("01-03") + " is a week old"),
        Arguments.of(
            "a predecessor deleted by hand",
            links("01-07", "01-09<01-08"),
            null,
            "full: the chain of " + day("01-09") + " is broken"),
        Arguments.of(
            "a chain of eight backups",
            links(
                "01-02",
                "01-03<01-02",
                "01-04<01-03",
                "01-05<01-04",
                "01-06<01-05",
                "01-07<01-06",
                "01-08<01-07",
                "01-09<01-08"),
            null,
            "full: the chain's full backup " + day("01-02") + " is a week old"),
        Arguments.of(
            "a backup dated later is not a base",
            links("01-09", "01-11"),
            "01-09",
            "incremental on " + day("01-09")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nextCases")
  void next(String name, List<BackupChain.Link> backups, String base, String why) {
    assertThat(BackupChain.next(backups, AT))
        .isEqualTo(new BackupChain.Next(base == null ? null : day(base), why));
  }

  @Test
  void eightHourlyBackupsStartAChain() {
    List<BackupChain.Link> hourly = new ArrayList<>();
    Instant t = AT;
    for (int i = 0; i < 8; i++) {
      hourly.add(new BackupChain.Link(t, i == 0 ? null : t.minus(Duration.ofHours(1))));
      t = t.plus(Duration.ofHours(1));
    }
    assertThat(BackupChain.next(hourly, t).why()).isEqualTo("full: the chain holds 8 backups");
    assertThat(BackupChain.next(hourly.subList(0, 7), t).base()).isEqualTo(hourly.get(6).takenAt());
  }

  static Stream<Arguments> protectCases() {
    return Stream.of(
        Arguments.of(
            "a kept incremental keeps its chain",
            links("01-01", "01-02<01-01", "01-03<01-02", "01-04"),
            List.of("01-03", "01-04"),
            List.of("01-01", "01-02", "01-03", "01-04")),
        Arguments.of(
            "full backups need nothing",
            links("01-01", "01-02<01-01", "01-03"),
            List.of("01-01", "01-03"),
            List.of("01-01", "01-03")),
        Arguments.of(
            "an incremental whose base is gone is pruned",
            links("01-02<01-01", "01-03<01-02", "01-04"),
            List.of("01-03", "01-04"),
            List.of("01-04")),
        Arguments.of(
            "the newest is kept even when broken (a full backup replaces it first)",
            links("01-03", "01-05<01-04"),
            List.of("01-03", "01-05"),
            List.of("01-03", "01-05")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protectCases")
  void protect(String name, List<BackupChain.Link> backups, List<String> kept, List<String> want) {
    List<Instant> keep = kept.stream().map(BackupChainTest::day).toList();
    List<Instant> prune =
        backups.stream().map(BackupChain.Link::takenAt).filter(t -> !keep.contains(t)).toList();
    Retention.Decision d = BackupChain.protect(new Retention.Decision(keep, prune), backups);
    assertThat(d.keep())
        .containsExactlyElementsOf(want.stream().map(BackupChainTest::day).toList());
    assertThat(d.keep().size() + d.prune().size()).isEqualTo(backups.size());
  }

  @Test
  void brokenNamesTheMissingBackup() {
    assertThat(BackupChain.broken(links("01-01", "01-03<01-02", "01-04<01-03", "01-05<01-01")))
        .isEqualTo(new TreeMap<>(Map.of(day("01-03"), day("01-02"), day("01-04"), day("01-02"))));
  }

  /** Daily backups at 01:30 from Thursday 2026-01-01 to 2026-04-15; retention after each. */
  @Test
  void monthsOfDailyBackupsKeepWhatRetentionKeepsAndTheChainsTheyNeed() {
    TreeMap<Instant, BackupChain.Link> pool = simulate(Backup.DEFAULT, Duration.ofDays(1), 104);
    assertThat(pool.keySet().stream().map(t -> t.toString().substring(5, 10)))
        .containsExactly(
            "01-29", "01-30", "01-31", // kept 01-31 (month) builds on Thursday's full 01-29
            "02-26", "02-27", "02-28", // kept 02-28 (month)
            "03-19", "03-20", "03-21", "03-22", // kept 03-22 (week)
            "03-26", "03-27", "03-28", "03-29", "03-30", "03-31", // 03-29 (week), 03-31 (month)
            "04-02", "04-03", "04-04", "04-05", // 04-05 (week)
            "04-09", "04-10", "04-11", "04-12", "04-13", "04-14", "04-15"); // the last 7 days
    assertThat(pool.values().stream().filter(l -> l.basedOn() == null).map(l -> l.takenAt()))
        .as("full backups: every 7 days from the first")
        .allMatch(t -> Duration.between(day("01-01"), t).toDays() % 7 == 0);
  }

  /** Hourly backups at :30 for six weeks; chains of 8, retention after each. */
  @Test
  void weeksOfHourlyBackupsKeepBoundedChains() {
    TreeMap<Instant, BackupChain.Link> pool = simulate(Backup.FREQUENT, Duration.ofHours(1), 42);
    int plain = Retention.decide(Backup.FREQUENT, pool.keySet(), pool.lastKey()).keep().size();
    assertThat(pool).hasSizeLessThanOrEqualTo(plain * BackupChain.MAX_LENGTH);
    assertThat(pool.values().stream().filter(l -> l.basedOn() == null).count())
        .as("a full backup every 8 hours")
        .isGreaterThanOrEqualTo(pool.size() / BackupChain.MAX_LENGTH);
    assertThat(plain).isEqualTo(34);
    assertThat(pool.size()).as("34 kept by retention, with the chains they need").isLessThan(100);
  }

  private static TreeMap<Instant, BackupChain.Link> simulate(
      Backup policy, Duration every, int days) {
    TreeMap<Instant, BackupChain.Link> pool = new TreeMap<>();
    Instant end = day("01-01").plus(Duration.ofDays(days));
    for (Instant t = day("01-01"); !t.isAfter(end); t = t.plus(every)) {
      BackupChain.Next next = BackupChain.next(pool.values(), t);
      pool.put(t, new BackupChain.Link(t, next.base()));
      Retention.Decision d =
          BackupChain.protect(Retention.decide(policy, pool.keySet(), t), pool.values());
      d.prune().forEach(pool::remove);
      assertThat(BackupChain.broken(pool.values()))
          .as("nothing kept needs a pruned backup")
          .isEmpty();
    }
    return pool;
  }
}
