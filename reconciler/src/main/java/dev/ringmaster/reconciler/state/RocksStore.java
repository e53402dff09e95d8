package dev.ringmaster.reconciler.state;

import dev.ringmaster.model.RingmasterException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/** The RocksDB database behind {@link StateStore}: column families and failure translation. */
final class RocksStore implements AutoCloseable {
  static final String APPLIED = "applied";
  static final String JOURNAL = "journal";
  static final String PLANS = "plans";
  static final String DRIFT = "drift";
  static final String KV = "kv";

  /**
   * The journal's intents that have no outcome yet, keyed by pass and resource, written in the same
   * batch as the journal entry: what a crash interrupted, found without reading the whole journal.
   */
  static final String OPEN_INTENTS = "open-intents";

  private static final List<String> FAMILIES =
      List.of(APPLIED, JOURNAL, PLANS, DRIFT, KV, OPEN_INTENTS);

  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final DBOptions options;
  private final ColumnFamilyOptions families;
  private final WriteOptions writeOptions = new WriteOptions().setSync(true);

  /** For derived records a pass writes anew every time (plan and drift history). */
  private final WriteOptions unsynced = new WriteOptions().setSync(false);

  private final List<ColumnFamilyHandle> handles;
  private final Map<String, ColumnFamilyHandle> byName = new HashMap<>();

  private RocksStore(
      RocksDB db,
      DBOptions options,
      ColumnFamilyOptions families,
      List<ColumnFamilyHandle> handles) {
    this.db = db;
    this.options = options;
    this.families = families;
    this.handles = handles;
    for (int i = 0; i < FAMILIES.size(); i++) {
      byName.put(FAMILIES.get(i), handles.get(i + 1));
    }
  }

  /**
   * Memtable size per column family. RocksDB's default (64 MiB, two of them) lets the families
   * together hold several hundred MiB of native memory after a large converge; the store's writes
   * are small records, so a smaller memtable only means more frequent, small flushes.
   */
  private static final long WRITE_BUFFER_BYTES = 8L * 1024 * 1024;

  static RocksStore open(Path dir) {
    ColumnFamilyOptions families =
        new ColumnFamilyOptions().setWriteBufferSize(WRITE_BUFFER_BYTES).setMaxWriteBufferNumber(2);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, families));
    FAMILIES.forEach(
        f ->
            descriptors.add(
                new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8), families)));
    DBOptions options =
        new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      return new RocksStore(
          RocksDB.open(options, dir.toString(), descriptors, handles), options, families, handles);
    } catch (RocksDBException e) {
      options.close();
      families.close();
      throw translate(dir, e);
    }
  }

  private static RingmasterException translate(Path dir, RocksDBException e) {
    String message = String.valueOf(e.getMessage());
    if (message.toLowerCase(Locale.ROOT).contains("lock")) {
      return new RingmasterException(
          "state directory " + dir + " is in use by another ringmaster process", e);
    }
    return new RingmasterException("cannot open state directory " + dir + ": " + message, e);
  }

  long lastJournalSeq() {
    try (RocksIterator it = iterator(JOURNAL)) {
      it.seekToLast();
      return it.isValid() ? java.nio.ByteBuffer.wrap(it.key()).getLong() : 0;
    }
  }

  void put(String family, byte[] key, byte[] value) {
    try {
      db.put(byName.get(family), writeOptions, key, value);
    } catch (RocksDBException e) {
      throw failure("write to " + family, e);
    }
  }

  void delete(String family, byte[] key) {
    try {
      db.delete(byName.get(family), writeOptions, key);
    } catch (RocksDBException e) {
      throw failure("delete from " + family, e);
    }
  }

  /**
   * Puts one record and deletes others in one batch, without waiting for the disk: for records a
   * pass derives anew every time (plan and drift history), where a crash of the machine may lose
   * the last few but never leaves the store inconsistent. A crash of the process loses nothing (the
   * write-ahead log is in the operating system's hands).
   */
  void putUnsynced(String family, byte[] key, byte[] value, List<byte[]> deletes) {
    List<Write> writes = new java.util.ArrayList<>(deletes.size() + 1);
    writes.add(new Write(family, key, value));
    deletes.forEach(d -> writes.add(new Write(family, d, null)));
    write(unsynced, writes);
  }

  /** One write of a batch: a put, or a delete when {@code value} is null. */
  record Write(String family, byte[] key, byte[] value) {}

  /** Writes to several families in one batch, synced like {@link #put}: all of it or none. */
  void writeSynced(List<Write> writes) {
    write(writeOptions, writes);
  }

  private void write(WriteOptions options, List<Write> writes) {
    try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
      for (Write w : writes) {
        if (w.value() == null) {
          batch.delete(byName.get(w.family()), w.key());
        } else {
          batch.put(byName.get(w.family()), w.key(), w.value());
        }
      }
      db.write(options, batch);
    } catch (RocksDBException e) {
      throw failure("write to " + writes.get(0).family(), e);
    }
  }

  byte[] get(String family, byte[] key) {
    try {
      return db.get(byName.get(family), key);
    } catch (RocksDBException e) {
      throw failure("read from " + family, e);
    }
  }

  RocksIterator iterator(String family) {
    return db.newIterator(byName.get(family));
  }

  void forEach(String family, BiConsumer<byte[], byte[]> action) {
    try (RocksIterator it = iterator(family)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        action.accept(it.key(), it.value());
      }
    }
  }

  private static RingmasterException failure(String what, RocksDBException e) {
    return new RingmasterException("state store: " + what + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    writeOptions.close();
    unsynced.close();
    options.close();
    families.close();
  }
}
