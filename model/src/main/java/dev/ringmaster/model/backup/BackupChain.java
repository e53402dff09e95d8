package dev.ringmaster.model.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chains of incremental backups ({@code docs/backups.md#incremental-backups}): which backup the
 * next one of a running VM builds on, which backups cannot be restored because a backup they build
 * on is gone, and how retention is adjusted so that it never prunes a backup a kept one needs.
 * Pure: no clock, no I/O; thread-safe.
 *
 * <p>The next backup is incremental on the VM's newest backup when that one's chain is intact (each
 * backup it builds on, transitively, is present), the chain's full backup was taken less than
 * {@link #FULL_EVERY} before and the chain holds fewer than {@link #MAX_LENGTH} backups; otherwise
 * it is full. Daily backups thus start a chain once a week; hourly ones every 8 hours, which bounds
 * how many backups retention must keep for the chains of the ones it keeps.
 */
public final class BackupChain {
  /** A chain is started again with a full backup at least this often. */
  public static final Duration FULL_EVERY = Duration.ofDays(7);

  /** A chain holds at most this many backups: a full one and the incremental ones on it. */
  public static final int MAX_LENGTH = 8;

  private BackupChain() {}

  /** One complete backup: {@code basedOn} is the backup it builds on, null for a full one. */
  public record Link(Instant takenAt, Instant basedOn) {
    public Link {
      Objects.requireNonNull(takenAt, "takenAt");
      if (basedOn != null && !basedOn.isBefore(takenAt)) {
        throw new IllegalArgumentException(takenAt + " cannot build on the later " + basedOn);
      }
    }
  }

  /** The next backup: {@code base} null for a full one; {@code why} explains the choice. */
  public record Next(Instant base, String why) {
    public boolean incremental() {
      return base != null;
    }
  }

  /** What the backup taken at {@code at} builds on, given the VM's complete backups. */
  public static Next next(Collection<Link> backups, Instant at) {
    SortedMap<Instant, Link> byTime = byTime(backups);
    SortedMap<Instant, Link> before = byTime.headMap(at);
    if (before.isEmpty()) {
      return new Next(null, "full: no earlier backup");
    }
    Instant newest = before.lastKey();
    List<Instant> chain = chain(byTime, newest);
    Instant full = chain.get(chain.size() - 1);
    if (byTime.get(full) == null || byTime.get(full).basedOn() != null) {
      return new Next(null, "full: the chain of " + newest + " is broken");
    }
    if (Duration.between(full, at).compareTo(FULL_EVERY) >= 0) {
      return new Next(null, "full: the chain's full backup " + full + " is a week old");
    }
    if (chain.size() >= MAX_LENGTH) {
      return new Next(null, "full: the chain holds " + chain.size() + " backups");
    }
    return new Next(newest, "incremental on " + newest);
  }

  /**
   * The backups that cannot be restored, each with the missing backup it needs (directly or through
   * others), oldest first.
   */
  public static SortedMap<Instant, Instant> broken(Collection<Link> backups) {
    SortedMap<Instant, Link> byTime = byTime(backups);
    SortedMap<Instant, Instant> out = new TreeMap<>();
    for (Instant t : byTime.keySet()) {
      Instant at = t;
      while (byTime.containsKey(at) && byTime.get(at).basedOn() != null) {
        at = byTime.get(at).basedOn();
      }
      if (!byTime.containsKey(at)) {
        out.put(t, at);
      }
    }
    return out;
  }

  /**
   * {@code decision} adjusted to the chains: every backup a kept one builds on (transitively) is
   * kept too, and a backup that cannot be restored ({@link #broken}) is pruned unless it is the
   * newest (which a full backup replaces first).
   */
  public static Retention.Decision protect(Retention.Decision decision, Collection<Link> backups) {
    SortedMap<Instant, Link> byTime = byTime(backups);
    TreeSet<Instant> all = new TreeSet<>(decision.keep());
    all.addAll(decision.prune());
    TreeSet<Instant> keep = new TreeSet<>(decision.keep());
    SortedMap<Instant, Instant> broken = broken(backups);
    keep.removeIf(t -> broken.containsKey(t) && !t.equals(all.last()));
    for (Instant t : List.copyOf(keep)) {
      if (broken.containsKey(t)) {
        continue;
      }
      Link l = byTime.get(t);
      while (l != null && l.basedOn() != null && byTime.containsKey(l.basedOn())) {
        keep.add(l.basedOn());
        l = byTime.get(l.basedOn());
      }
    }
    TreeSet<Instant> prune = new TreeSet<>(all);
    prune.removeAll(keep);
    return new Retention.Decision(List.copyOf(keep), List.copyOf(prune));
  }

  /** {@code from} and the backups it builds on, newest first; the last is missing or full. */
  private static List<Instant> chain(SortedMap<Instant, Link> byTime, Instant from) {
    List<Instant> out = new java.util.ArrayList<>();
    Instant at = from;
    out.add(at);
    while (byTime.containsKey(at) && byTime.get(at).basedOn() != null) {
      at = byTime.get(at).basedOn();
      out.add(at);
    }
    return out;
  }

  private static SortedMap<Instant, Link> byTime(Collection<Link> backups) {
    SortedMap<Instant, Link> out = new TreeMap<>();
    backups.forEach(l -> out.put(l.takenAt(), l));
    return out;
  }
}
