package dev.ringmaster.reconciler.backup;

import dev.ringmaster.model.RingmasterException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code restore --at TIME} names, and which backup it picks. Pure; thread-safe.
 *
 * <p>TIME is one of: an ISO-8601 instant or offset time ({@code 2026-01-02T03:00:00Z}, {@code
 * 2026-01-02T04:00+01:00}); a local time with a zone ({@code 2026-01-02T04:00[Europe/Berlin]} or
 * {@code "2026-01-02 04:00 Europe/Berlin"}); or a backup id, the time stamp of a backup's volume
 * name ({@code 20260102T030000Z}), which must match a backup exactly.
 */
public record RestorePoint(Instant at, boolean exact) {
  private static final Pattern BACKUP_ID = Pattern.compile("^\\d{8}T\\d{6}Z$");
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern BRACKETED_ZONE =
      Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T[0-9:.]+)\\[([^\\]]+)\\]$");
  private static final Pattern LOCAL_WITH_ZONE =
      Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}(?::\\d{2})?)\\s+(\\S+)$");

  /**
   * Parses TIME; a malformed one is a {@link RingmasterException} whose message says what to write.
   */
  public static RestorePoint parse(String time) {
    String t = time == null ? "" : time.strip();
    try {
      if (BACKUP_ID.matcher(t).matches()) {
        return new RestorePoint(Instant.from(ID.parse(t)), true);
      }
      Matcher local = LOCAL_WITH_ZONE.matcher(t);
      if (local.matches()) {
        LocalDateTime ldt = LocalDateTime.parse(local.group(1) + "T" + local.group(2));
        return new RestorePoint(ldt.atZone(ZoneId.of(local.group(3))).toInstant(), false);
      }
      Matcher bracketed = BRACKETED_ZONE.matcher(t);
      if (bracketed.matches()) {
        LocalDateTime ldt = LocalDateTime.parse(bracketed.group(1));
        return new RestorePoint(ldt.atZone(ZoneId.of(bracketed.group(2))).toInstant(), false);
      }
      if (t.contains("[")) {
        return new RestorePoint(ZonedDateTime.parse(t).toInstant(), false);
      }
      return new RestorePoint(OffsetDateTime.parse(t).toInstant(), false);
    } catch (DateTimeException e) {
      throw new RingmasterException(
          "--at \""
              + t
              + "\" is not a time; write an ISO-8601 instant (2026-01-02T03:00:00Z), a local"
              + " time with its zone (\"2026-01-02 04:00 Europe/Berlin\") or a backup id"
              + " (20260102T030000Z)");
    }
  }

  /**
   * The newest of {@code takenAt} (a VM's complete backups) at or before this point, or the one
   * taken exactly then for a backup id; empty when there is none.
   */
  public Optional<Instant> select(List<Instant> takenAt) {
    Instant best = null;
    for (Instant b : takenAt) {
      boolean fits = exact ? b.equals(at) : !b.isAfter(at);
      if (fits && (best == null || b.isAfter(best))) {
        best = b;
      }
    }
    return Optional.ofNullable(best);
  }

  /** How the point reads in messages. */
  public String describe() {
    return exact ? "backup " + ID.format(at) : "at or before " + at;
  }
}
