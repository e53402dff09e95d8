package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.backup.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keep marks on backups ({@code docs/backups.md#restore}): a restore marks the pre-restore backup
 * it keeps so that retention leaves it for the purge period. The marks are the attribute {@value
 * #KEPT} of the VM's {@code backup/<host>/<vm>} last-applied record, {@code <taken> until
 * <instant>} comma-separated; a pass carries the marks still in force into what it applies and
 * drops expired ones. Pure apart from {@link #purgePeriod()} (reads the environment).
 */
public final class BackupKeepMarks {
  /** The attribute holding the marks. */
  public static final String KEPT = "kept";

  private BackupKeepMarks() {}

  /** The backup resource of a VM, whose last-applied record holds its marks. */
  public static ResourceId resource(String host, String vm) {
    return BackupLedger.id(host, vm);
  }

  /** The purge period: {@code RINGMASTER_BACKUP_PURGE} (ISO-8601), default 30 days. */
  public static Duration purgePeriod() {
    String given = System.getenv("RINGMASTER_BACKUP_PURGE");
    try {
      return given == null || given.isBlank() ? Retention.DEFAULT_PURGE : Duration.parse(given);
    } catch (java.time.format.DateTimeParseException e) {
      throw DriverException.terminal(
          "RINGMASTER_BACKUP_PURGE: \"" + given + "\" is not an ISO-8601 duration; write P30D",
          null);
    }
  }

  /** The marks written in {@code value} (null or empty: none), backup time to expiry. */
  public static SortedMap<Instant, Instant> parse(String value) {
    SortedMap<Instant, Instant> out = new TreeMap<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    for (String one : value.split(",")) {
      String[] parts = one.strip().split(" until ");
      if (parts.length == 2) {
        out.put(Instant.parse(parts[0].strip()), Instant.parse(parts[1].strip()));
      }
    }
    return out;
  }

  /** {@code marks} as the attribute writes them. */
  public static String format(Map<Instant, Instant> marks) {
    List<String> out = new ArrayList<>();
    new TreeMap<>(marks).forEach((taken, until) -> out.add(taken + " until " + until));
    return String.join(",", out);
  }

  /** {@code attributes} (a last-applied record's, or empty) with one more mark. */
  public static SortedMap<String, String> add(
      Map<String, String> attributes, Instant taken, Instant until) {
    SortedMap<String, String> out = new TreeMap<>(attributes);
    SortedMap<Instant, Instant> marks = parse(out.get(KEPT));
    marks.merge(taken, until, (a, b) -> a.isAfter(b) ? a : b);
    out.put(KEPT, format(marks));
    return out;
  }

  /** The marks still in force at {@code now}. */
  static SortedMap<Instant, Instant> inForce(Map<Instant, Instant> marks, Instant now) {
    SortedMap<Instant, Instant> out = new TreeMap<>();
    marks.forEach(
        (taken, until) -> {
          if (now.isBefore(until)) {
            out.put(taken, until);
          }
        });
    return out;
  }

  /** Observed attributes with the backups marked in force taken off the prune list. */
  static SortedMap<String, String> honour(
      SortedMap<String, String> observed, Map<Instant, Instant> marks) {
    if (marks.isEmpty() || !observed.containsKey(BackupLedger.PRUNE)) {
      return observed;
    }
    Instant now = Instant.parse(observed.get(BackupLedger.OBSERVED_AT));
    List<Instant> prune = List.copyOf(BackupLedger.instants(observed.get(BackupLedger.PRUNE)));
    Retention.Decision d = Retention.withKept(new Retention.Decision(List.of(), prune), marks, now);
    SortedMap<String, String> out = new TreeMap<>(observed);
    out.put(BackupLedger.PRUNE, BackupLedger.join(d.prune()));
    return out;
  }

  /**
   * The ledger's change (null: none) with the marks carried: {@code before} holds the recorded
   * marks, {@code after} those still in force; a change is needed when some expired.
   */
  static BackupLedger.Change carry(
      BackupLedger.Change change, SortedMap<String, String> observed, Map<Instant, Instant> marks) {
    if (marks.isEmpty()) {
      return change;
    }
    Instant now = Instant.parse(observed.get(BackupLedger.OBSERVED_AT));
    SortedMap<Instant, Instant> kept = inForce(marks, now);
    SortedMap<String, String> before =
        new TreeMap<>(change == null ? BackupLedger.compared(observed) : change.before());
    SortedMap<String, String> after =
        new TreeMap<>(change == null ? BackupLedger.compared(observed) : change.after());
    before.put(KEPT, format(marks));
    if (kept.isEmpty()) {
      after.remove(KEPT);
    } else {
      after.put(KEPT, format(kept));
    }
    if (change == null && kept.size() == marks.size()) {
      return null;
    }
    String expired =
        kept.size() == marks.size()
            ? ""
            : "keep mark of pre-restore backup(s) "
                + BackupLedger.join(
                    marks.keySet().stream().filter(t -> !kept.containsKey(t)).toList())
                + " expired";
    String reason =
        change == null ? expired : change.reason() + (expired.isEmpty() ? "" : "; " + expired);
    return new BackupLedger.Change(before, after, reason);
  }
}
