package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.BackupResource;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Backup;
import dev.ringmaster.model.backup.BackupChain;
import dev.ringmaster.model.backup.BackupSchedule;
import dev.ringmaster.model.backup.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pure part of the backup kind: what a pass observed of one VM's backups (as attributes, with
 * the pass's instant, so that planning needs no clock), and what to do about it. No I/O, no clock.
 */
final class BackupLedger {
  static final String DUE = "due";
  static final String PRUNE = "prune";
  static final String OBSERVED_AT = "observedAt";
  static final String NEWEST = "newest";
  static final String CONSISTENCY = "consistency";
  static final String REMOVED_AT = "removedAt";
  static final String REMOVED = "VM removed from the fleet";
  static final String CHAIN = "chain";
  static final String INTACT = "intact";
  static final String NEXT = "next";

  private BackupLedger() {}

  /**
   * The observed attributes of the backups of VM {@code vm} on {@code host}: {@code desired} null
   * for a VM no longer in the fleet. Complete backups only; incomplete ones are left to {@link
   * dev.ringmaster.driver.spi.BackupDriver#take}, which replaces them.
   */
  static SortedMap<String, String> observed(
      String host,
      String vm,
      String pool,
      BackupResource desired,
      List<ObservedBackup> all,
      Instant now) {
    TreeSet<Instant> taken = new TreeSet<>();
    List<String> consistency = new ArrayList<>();
    List<BackupChain.Link> links = new ArrayList<>();
    for (ObservedBackup b : all) {
      if (b.vm().equals(vm) && b.complete()) {
        taken.add(b.takenAt());
        consistency.add(b.takenAt() + "=" + b.consistency().key());
        links.add(new BackupChain.Link(b.takenAt(), b.basedOn()));
      }
    }
    SortedMap<Instant, Instant> broken = BackupChain.broken(links);
    SortedMap<String, String> a = new TreeMap<>();
    a.put(BackupResource.POOL, pool);
    a.put(BackupResource.BACKUPS, join(taken));
    a.put(CONSISTENCY, String.join(",", consistency));
    a.put(OBSERVED_AT, now.toString());
    a.put(NEWEST, taken.isEmpty() ? "" : taken.last().toString());
    a.put(CHAIN, chain(broken));
    if (desired == null) {
      return a;
    }
    Backup policy = Backup.valueOf(desired.policy().toUpperCase(Locale.ROOT));
    BackupSchedule schedule = BackupSchedule.of(policy, vm);
    Instant newest = taken.isEmpty() ? null : taken.last();
    a.put(BackupResource.ROOT, desired.attributes().get(BackupResource.ROOT));
    a.put(BackupResource.POLICY, desired.policy());
    a.put(BackupResource.SCHEDULE, schedule(policy, schedule, newest, now));
    boolean newestBroken = newest != null && broken.containsKey(newest);
    a.put(DUE, Boolean.toString(schedule.due(newest, now) || newestBroken));
    a.put(NEXT, newest == null ? "" : next(BackupChain.next(links, BackupNames.truncate(now))));
    a.put(PRUNE, join(BackupChain.protect(Retention.decide(policy, taken, now), links).prune()));
    return a;
  }

  /** How the next backup is taken (a shut-off VM's is always a full copy). */
  private static String next(BackupChain.Next next) {
    return next.incremental() ? next.why() + " if the VM runs" : next.why();
  }

  /** {@code intact}, or which backups cannot be restored for want of which. */
  private static String chain(SortedMap<Instant, Instant> broken) {
    if (broken.isEmpty()) {
      return INTACT;
    }
    List<String> out = new ArrayList<>();
    broken.forEach((b, missing) -> out.add(b + " needs the missing " + missing));
    return "broken: " + String.join(", ", out);
  }

  private static String schedule(
      Backup policy, BackupSchedule schedule, Instant newest, Instant now) {
    if (policy == Backup.NONE) {
      return BackupResource.NO_SCHEDULE;
    }
    if (newest == null) {
      return "no backup yet";
    }
    if (schedule.overdue(newest, Instant.MIN, now)) {
      return "overdue: newest " + newest + ", one due every " + every(schedule.period());
    }
    return BackupResource.ON_TIME;
  }

  private static String every(Duration period) {
    return period.toHours() == 1 ? "hour" : period.toDays() + " day";
  }

  /** The change for a desired VM, or null when nothing is to be done. */
  static Change plan(BackupResource desired, SortedMap<String, String> live) {
    SortedMap<String, String> before = compared(live);
    TreeSet<Instant> backups = instants(live.get(BackupResource.BACKUPS));
    List<Instant> prune = List.copyOf(instants(live.get(PRUNE)));
    backups.removeAll(prune);
    boolean due = Boolean.parseBoolean(live.get(DUE));
    Instant now = Instant.parse(live.get(OBSERVED_AT));
    if (due) {
      backups.add(BackupNames.truncate(now));
    }
    SortedMap<String, String> after = desired.attributes();
    after.put(BackupResource.BACKUPS, join(backups));
    after.put(CHAIN, INTACT);
    if (before.equals(after)) {
      return null;
    }
    List<String> why = new ArrayList<>();
    if (due) {
      String newest = live.getOrDefault(NEWEST, "");
      why.add(
          "backup due"
              + (newest.isEmpty() ? " (none yet)" : " (newest " + newest + ")")
              + (live.getOrDefault(NEXT, "").isEmpty() ? "" : ", " + live.get(NEXT)));
    }
    if (!prune.isEmpty()) {
      why.add("retention prunes " + join(prune));
    }
    if (why.isEmpty()) {
      why.add(dev.ringmaster.reconciler.plan.Differences.describe(before, after));
    }
    return new Change(before, after, String.join("; ", why));
  }

  /**
   * The change for the backups of a VM no longer in the fleet: record when its removal was noticed
   * (purge date), or prune everything once the purge period is over; null while it waits.
   */
  static Change removed(
      SortedMap<String, String> live, SortedMap<String, String> lastApplied, Duration purge) {
    Instant now = Instant.parse(live.get(OBSERVED_AT));
    String removedAt = lastApplied.get(REMOVED_AT);
    SortedMap<String, String> before = compared(live);
    if (removedAt == null) {
      if (live.get(BackupResource.BACKUPS).isEmpty()) {
        return null;
      }
      SortedMap<String, String> after = new TreeMap<>();
      after.put(BackupResource.POOL, live.get(BackupResource.POOL));
      after.put(BackupResource.BACKUPS, live.get(BackupResource.BACKUPS));
      after.put(BackupResource.SCHEDULE, REMOVED);
      after.put(REMOVED_AT, now.toString());
      before.put(REMOVED_AT, "");
      return new Change(before, after, REMOVED + ": its backups are kept until " + now.plus(purge));
    }
    Instant purgeAt = Instant.parse(removedAt).plus(purge);
    if (now.isBefore(purgeAt)) {
      return null;
    }
    return new Change(
        before,
        new TreeMap<>(),
        "VM removed on " + removedAt + ": purge period over, its backups are pruned");
  }

  /** The compared part of observed attributes (what desired and last-applied records hold). */
  static SortedMap<String, String> compared(SortedMap<String, String> live) {
    SortedMap<String, String> out = new TreeMap<>();
    for (String key :
        List.of(
            BackupResource.POOL,
            BackupResource.ROOT,
            BackupResource.POLICY,
            BackupResource.SCHEDULE,
            BackupResource.BACKUPS,
            CHAIN,
            REMOVED_AT)) {
      if (live.containsKey(key)) {
        out.put(key, live.get(key));
      }
    }
    return out;
  }

  /** The backups a change takes ({@code after} minus {@code before}) and prunes (the reverse). */
  static List<Instant> added(Map<String, String> before, Map<String, String> after) {
    TreeSet<Instant> a = instants(after.get(BackupResource.BACKUPS));
    a.removeAll(instants(before.get(BackupResource.BACKUPS)));
    return List.copyOf(a);
  }

  static ResourceId id(String host, String vm) {
    return new ResourceId(ResourceKind.BACKUP, host, vm);
  }

  static TreeSet<Instant> instants(String list) {
    TreeSet<Instant> out = new TreeSet<>();
    if (list != null && !list.isBlank()) {
      Arrays.stream(list.split(",")).map(String::strip).map(Instant::parse).forEach(out::add);
    }
    return out;
  }

  static String join(java.util.Collection<Instant> instants) {
    return String.join(",", new TreeSet<>(instants).stream().map(Instant::toString).toList());
  }

  /** A decided change's attributes and reason (the handler wraps it into a plan change). */
  record Change(SortedMap<String, String> before, SortedMap<String, String> after, String reason) {}
}
