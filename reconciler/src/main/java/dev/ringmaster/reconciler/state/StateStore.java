package dev.ringmaster.reconciler.state;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.LastApplied;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.rocksdb.RocksIterator;

/**
 * Ringmaster's memory, in RocksDB under a state directory: last-applied state per resource, the
 * apply journal, plan and drift history per environment, and a small key-value area. Thread-safe;
 * one process at a time per directory (a second one gets a clear {@link RingmasterException}).
 * Every write is synchronous to the write-ahead log. Losing the directory destroys nothing: the
 * next pass re-observes and adopts owned objects by their marks.
 *
 * <p>Key layout, one column family each: {@code applied} (resource id text to JSON {@link
 * AppliedRecord}), {@code journal} (8-byte big-endian sequence to JSON {@link JournalEntry}),
 * {@code plans} and {@code drift} (environment, a zero byte, 8-byte big-endian sequence to JSON
 * {@link PlanRecord} / {@link DriftRecord}; the newest {@value #HISTORY_LIMIT} per environment are
 * kept), {@code kv} (UTF-8 key to UTF-8 value).
 */
public final class StateStore implements AutoCloseable {
  public static final int HISTORY_LIMIT = 50;

  private final Path dir;
  private final RocksStore db;
  private final Json json = new Json();
  private final AtomicLong journalSeq;
  private final AtomicLong historySeq;

  private volatile AppliedRecords appliedCache;

  private StateStore(Path dir, RocksStore db) {
    this.dir = dir;
    this.db = db;
    this.journalSeq = new AtomicLong(db.lastJournalSeq());
    this.historySeq = new AtomicLong(System.currentTimeMillis() * 1000);
    indexOpenIntents();
  }

  private static final String OPEN_INTENTS_INDEXED = "store.open-intents-indexed";

  /**
   * A store written before the open-intents index existed gets it from one scan of its journal,
   * once; from then on {@link #append} keeps it in the same batch as each entry.
   */
  private void indexOpenIntents() {
    if (get(OPEN_INTENTS_INDEXED).isPresent()) {
      return;
    }
    Map<String, JournalEntry> open = new LinkedHashMap<>();
    db.forEach(
        RocksStore.JOURNAL,
        (k, v) -> {
          JournalEntry e = json.read(v, JournalEntry.class);
          if (e.phase() == JournalEntry.Phase.INTENT) {
            open.put(intentKey(e), e);
          } else {
            open.remove(intentKey(e));
          }
        });
    List<RocksStore.Write> writes = new ArrayList<>();
    open.forEach(
        (k, e) ->
            writes.add(new RocksStore.Write(RocksStore.OPEN_INTENTS, utf8(k), json.write(e))));
    writes.add(new RocksStore.Write(RocksStore.KV, utf8(OPEN_INTENTS_INDEXED), utf8("1")));
    db.writeSynced(writes);
  }

  private static String intentKey(JournalEntry e) {
    return e.passId() + "\0" + e.resource();
  }

  /** Opens (creating when missing) the store in {@code dir}. */
  public static StateStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new RingmasterException("cannot create state directory " + dir + ": " + e, e);
    }
    return new StateStore(dir, RocksStore.open(dir));
  }

  public Path directory() {
    return dir;
  }

  /**
   * What was last applied, per resource. Served from memory: read from RocksDB once, then kept in
   * step by {@link #putApplied} and {@link #removeApplied} (the directory lock guarantees no other
   * process writes it), so a pass does not re-parse every record.
   */
  public LastApplied lastApplied() {
    return LastApplied.of(new ArrayList<>(applied().values()));
  }

  /**
   * The last-applied records that {@code filter} accepts, from memory: a pass that needs only its
   * environment's records does not copy the whole fleet's.
   */
  public LastApplied lastApplied(Predicate<AppliedRecord> filter) {
    List<AppliedRecord> chosen = new ArrayList<>();
    for (AppliedRecord r : applied().values()) {
      if (filter.test(r)) {
        chosen.add(r);
      }
    }
    return LastApplied.of(chosen);
  }

  public void putApplied(AppliedRecord record) {
    db.put(RocksStore.APPLIED, utf8(record.resource().toString()), json.write(record));
    applied().put(record);
  }

  public void removeApplied(ResourceId resource) {
    db.delete(RocksStore.APPLIED, utf8(resource.toString()));
    applied().remove(resource);
  }

  /**
   * The last-applied records of {@code environments} (plus the shared ones, environment {@code
   * ""}), from memory, found by environment: the work is proportional to those environments.
   */
  public LastApplied lastAppliedOf(Collection<String> environments) {
    Set<String> wanted = new HashSet<>(environments);
    wanted.add("");
    return LastApplied.of(applied().ofEnvironments(wanted));
  }

  private AppliedRecords applied() {
    AppliedRecords cached = appliedCache;
    if (cached == null) {
      synchronized (this) {
        if (appliedCache == null) {
          AppliedRecords loaded = new AppliedRecords();
          db.forEach(RocksStore.APPLIED, (k, v) -> loaded.put(json.read(v, AppliedRecord.class)));
          appliedCache = loaded;
        }
        cached = appliedCache;
      }
    }
    return cached;
  }

  /** Appends to the journal; returns the entry with its assigned sequence number. */
  public JournalEntry append(JournalEntry entry) {
    JournalEntry numbered = entry.withSeq(journalSeq.incrementAndGet());
    byte[] value = json.write(numbered);
    byte[] intent = utf8(intentKey(numbered));
    db.writeSynced(
        List.of(
            new RocksStore.Write(RocksStore.JOURNAL, Keys.seq(numbered.seq()), value),
            new RocksStore.Write(
                RocksStore.OPEN_INTENTS,
                intent,
                numbered.phase() == JournalEntry.Phase.INTENT ? value : null)));
    return numbered;
  }

  /**
   * Journal entries newest first: at most {@code limit} with a sequence below {@code beforeSeq}
   * (use {@link Long#MAX_VALUE} for the first page, then the last seq of the previous page).
   */
  public List<JournalEntry> journal(long beforeSeq, int limit) {
    List<JournalEntry> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(RocksStore.JOURNAL)) {
      it.seekForPrev(Keys.seq(Math.max(0, beforeSeq - 1)));
      for (; it.isValid() && out.size() < limit; it.prev()) {
        out.add(json.read(it.value(), JournalEntry.class));
      }
    }
    return out;
  }

  /**
   * Intents with no outcome of the same pass and resource: actions a crash interrupted, in journal
   * order. Read from the open-intents index, so it costs what is open, not the journal's length.
   */
  public List<JournalEntry> interrupted() {
    List<JournalEntry> open = new ArrayList<>();
    db.forEach(RocksStore.OPEN_INTENTS, (k, v) -> open.add(json.read(v, JournalEntry.class)));
    open.sort(java.util.Comparator.comparingLong(JournalEntry::seq));
    return List.copyOf(open);
  }

  public void recordPlan(PlanRecord plan) {
    addHistory(RocksStore.PLANS, plan.environment(), json.write(plan));
  }

  /** The plan history of an environment, newest first. */
  public List<PlanRecord> plans(String environment, int limit) {
    return history(RocksStore.PLANS, environment, limit, PlanRecord.class);
  }

  public void recordDrift(DriftRecord drift) {
    addHistory(RocksStore.DRIFT, drift.environment(), json.write(drift));
  }

  /** The drift history of an environment, newest first. */
  public List<DriftRecord> drifts(String environment, int limit) {
    return history(RocksStore.DRIFT, environment, limit, DriftRecord.class);
  }

  /** The environments that have plan history. */
  public List<String> environments() {
    Map<String, Boolean> envs = new LinkedHashMap<>();
    db.forEach(RocksStore.PLANS, (k, v) -> envs.put(Keys.environmentOf(k), true));
    return List.copyOf(envs.keySet());
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(db.get(RocksStore.KV, utf8(key)))
        .map(b -> new String(b, StandardCharsets.UTF_8));
  }

  public void put(String key, String value) {
    db.put(RocksStore.KV, utf8(key), utf8(value));
  }

  public void delete(String key) {
    db.delete(RocksStore.KV, utf8(key));
  }

  /**
   * {@link #put} without waiting for the disk, for a value every pass derives anew (an
   * environment's maintenance schedule): a crash of the machine may lose the latest one, which the
   * next pass writes again.
   */
  public void putDerived(String key, String value) {
    db.putUnsynced(RocksStore.KV, utf8(key), utf8(value), List.of());
  }

  /** All key-value entries whose key starts with {@code prefix}, in key order. */
  public Map<String, String> entries(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
    // keys sort bytewise, so the prefix's entries are one run from its seek position
    try (RocksIterator it = db.iterator(RocksStore.KV)) {
      for (it.seek(start); it.isValid() && Keys.startsWith(it.key(), start); it.next()) {
        out.put(
            new String(it.key(), StandardCharsets.UTF_8),
            new String(it.value(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private synchronized void addHistory(String family, String env, byte[] value) {
    List<byte[]> keys = new ArrayList<>();
    try (RocksIterator it = db.iterator(family)) {
      byte[] prefix = Keys.historyPrefix(env);
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        keys.add(it.key());
      }
    }
    // the new record makes one more: keep the newest HISTORY_LIMIT
    List<byte[]> expired = keys.subList(0, Math.max(0, keys.size() + 1 - HISTORY_LIMIT));
    db.putUnsynced(family, Keys.history(env, historySeq.incrementAndGet()), value, expired);
  }

  private <T> List<T> history(String family, String env, int limit, Class<T> type) {
    List<T> out = new ArrayList<>();
    byte[] prefix = Keys.historyPrefix(env);
    try (RocksIterator it = db.iterator(family)) {
      it.seekForPrev(Keys.history(env, Long.MAX_VALUE));
      for (; it.isValid() && Keys.startsWith(it.key(), prefix) && out.size() < limit; it.prev()) {
        out.add(json.read(it.value(), type));
      }
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    db.close();
  }
}
