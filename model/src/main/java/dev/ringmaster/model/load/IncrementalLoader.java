package dev.ringmaster.model.load;

import dev.ringmaster.model.validate.AppliedRootDisks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and validates a fleet repository commit after commit, reading again only the files whose
 * path or version is new since the previous load; the documents of unchanged files are reused.
 * Validation (the rules that span files: unique names and addresses, capacity, ...) runs over the
 * whole fleet every time, so the result always equals {@link FleetRepository#load(List,
 * AppliedRootDisks)} over the same files. Keeps the parses of the last load only. Thread-safe
 * (loads are serialised); blocks while it reads files.
 */
public final class IncrementalLoader {
  private record Key(String path, String version) {}

  private final FleetLoader loader = new FleetLoader();
  private Map<Key, ParsedFile> previous = Map.of();
  private int lastParsed;

  /** Loads and validates {@code files}, reusing the parses of unchanged files. */
  public synchronized LoadResult load(List<VersionedFile> files, AppliedRootDisks lastApplied) {
    Map<String, String> versions = new HashMap<>();
    files.forEach(f -> versions.put(f.file().path(), f.version()));
    Map<Key, ParsedFile> current = new HashMap<>();
    int[] parsed = {0};
    LoadResult result =
        FleetRepository.load(
            files.stream().map(VersionedFile::file).toList(),
            lastApplied,
            file -> {
              String version = versions.get(file.path());
              Key key = version == null ? null : new Key(file.path(), version);
              ParsedFile p = key == null ? null : previous.get(key);
              if (p == null) {
                p = loader.parse(file);
                parsed[0]++;
              }
              if (key != null) {
                current.put(key, p);
              }
              return p;
            });
    previous = current;
    lastParsed = parsed[0];
    return result;
  }

  /** How many files the last {@link #load} read (the others were reused). */
  public synchronized int lastParsed() {
    return lastParsed;
  }
}
