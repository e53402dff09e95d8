package dev.ringmaster.model.backup;

import dev.ringmaster.model.Backup;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which of a VM's backups are kept and which are pruned ({@code docs/backups.md#retention}). Pure:
 * no clock, no I/O; thread-safe.
 *
 * <p>A backup is kept when, for one of its policy's tiers, it is the newest backup of its period
 * (UTC hour, day, ISO week, month) and younger than the tier's age (24 hours, 7 days, 4 weeks, 3
 * months). The newest backup of a VM whose policy takes backups is always kept. Backups taken after
 * {@code now} are kept. A VM that is no longer in the fleet keeps all its backups until the purge
 * period after its deletion was noticed has passed, then none. A backup with a keep mark (the
 * pre-restore backup) is kept until its mark expires ({@link #withKept}).
 */
public final class Retention {
  /** How long the backups of a VM deleted from the fleet are kept, unless configured otherwise. */
  public static final Duration DEFAULT_PURGE = Duration.ofDays(30);

  private Retention() {}

  /** The outcome: instants to keep and to prune, each sorted oldest first, together all given. */
  public record Decision(List<Instant> keep, List<Instant> prune) {
    public Decision {
      keep = List.copyOf(keep);
      prune = List.copyOf(prune);
    }
  }

  private record Tier(
      Function<ZonedDateTime, ZonedDateTime> period, Function<Instant, Instant> since) {}

  private static final Tier HOURLY =
      new Tier(t -> t.truncatedTo(ChronoUnit.HOURS), now -> now.minus(Duration.ofHours(24)));
  private static final Tier DAILY =
      new Tier(t -> t.truncatedTo(ChronoUnit.DAYS), now -> now.minus(Duration.ofDays(7)));
  private static final Tier WEEKLY =
      new Tier(
          t ->
              t.truncatedTo(ChronoUnit.DAYS)
                  .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
          now -> now.minus(Duration.ofDays(28)));
  private static final Tier MONTHLY =
      new Tier(
          t -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1),
          now -> now.atZone(ZoneOffset.UTC).minusMonths(3).toInstant());

  /** The retention of a VM in the fleet under {@code policy}, at {@code now}. */
  public static Decision decide(Backup policy, Collection<Instant> taken, Instant now) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(now, "now");
    TreeSet<Instant> all = new TreeSet<>(taken);
    TreeSet<Instant> keep = new TreeSet<>();
    List<Tier> tiers =
        policy == Backup.FREQUENT
            ? List.of(HOURLY, DAILY, WEEKLY, MONTHLY)
            : List.of(DAILY, WEEKLY, MONTHLY);
    for (Tier tier : tiers) {
      Instant since = tier.since().apply(now);
      for (Instant newest : newestPerPeriod(all, tier.period()).values()) {
        if (newest.isAfter(since)) {
          keep.add(newest);
        }
      }
    }
    keep.addAll(all.tailSet(now, false));
    if (policy != Backup.NONE && !all.isEmpty()) {
      keep.add(all.last());
    }
    return split(all, keep);
  }

  /**
   * The retention of a VM no longer in the fleet, whose deletion was first noticed at {@code
   * deletedAt}: everything is kept until {@code deletedAt + purge}, nothing after.
   */
  public static Decision decideDeleted(
      Collection<Instant> taken, Instant deletedAt, Duration purge, Instant now) {
    TreeSet<Instant> all = new TreeSet<>(taken);
    boolean purged = !now.isBefore(deletedAt.plus(purge));
    return split(all, purged ? new TreeSet<>() : all);
  }

  /**
   * {@code decision} with the backups that carry a keep mark still in force at {@code now} moved
   * from prune to keep. {@code keptUntil} maps a backup's time to the instant its mark expires (a
   * pre-restore backup is kept for the purge period after it was taken); a mark whose instant has
   * come no longer keeps anything, and the ordinary rules decide.
   */
  public static Decision withKept(Decision decision, Map<Instant, Instant> keptUntil, Instant now) {
    TreeSet<Instant> all = new TreeSet<>(decision.keep());
    all.addAll(decision.prune());
    TreeSet<Instant> keep = new TreeSet<>(decision.keep());
    keptUntil.forEach(
        (taken, until) -> {
          if (all.contains(taken) && now.isBefore(until)) {
            keep.add(taken);
          }
        });
    return split(all, keep);
  }

  private static Map<ZonedDateTime, Instant> newestPerPeriod(
      TreeSet<Instant> all, Function<ZonedDateTime, ZonedDateTime> period) {
    Map<ZonedDateTime, Instant> newest = new HashMap<>();
    for (Instant t : all) {
      newest.put(period.apply(t.atZone(ZoneOffset.UTC)), t);
    }
    return newest;
  }

  private static Decision split(TreeSet<Instant> all, TreeSet<Instant> keep) {
    List<Instant> kept = new ArrayList<>();
    List<Instant> pruned = new ArrayList<>();
    for (Instant t : all) {
      (keep.contains(t) ? kept : pruned).add(t);
    }
    return new Decision(kept, pruned);
  }
}
