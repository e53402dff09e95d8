package dev.ringmaster.reconciler.gate;

import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.state.StateStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the gate decided to remember (known-since instants, protection and soft-delete marks,
 * retirement marks) as data: key-value writes and deletions of the store's key-value area, written
 * by {@link #commit} only when a reconcile pass records its plan. Reads through this object see the
 * {@link Source} as if the effects were already written, so one gating is consistent with itself. A
 * preview gates and drops the effects: it writes nothing. Not thread-safe (one gating).
 */
public final class GateEffects {
  /** What the gate reads: the state store, or nothing (a plan of a commit never applied here). */
  public interface Source {
    Optional<String> get(String key);

    Map<String, String> entries(String prefix);

    LastApplied lastApplied(Predicate<AppliedRecord> filter);

    static Source of(StateStore store) {
      return new Source() {
        @Override
        public Optional<String> get(String key) {
          return store.get(key);
        }

        @Override
        public Map<String, String> entries(String prefix) {
          return store.entries(prefix);
        }

        @Override
        public LastApplied lastApplied(Predicate<AppliedRecord> filter) {
          return store.lastApplied(filter);
        }
      };
    }

    /** A source that has seen nothing. */
    static Source empty() {
      return new Source() {
        @Override
        public Optional<String> get(String key) {
          return Optional.empty();
        }

        @Override
        public Map<String, String> entries(String prefix) {
          return Map.of();
        }

        @Override
        public LastApplied lastApplied(Predicate<AppliedRecord> filter) {
          return LastApplied.empty();
        }
      };
    }
  }

  private final Source source;
  private final Map<String, Optional<String>> writes = new LinkedHashMap<>();

  GateEffects(Source source) {
    this.source = source;
  }

  /** Effects over {@code source} that start from {@code earlier} ones (not yet written). */
  GateEffects(Source source, Map<String, Optional<String>> earlier) {
    this.source = source;
    writes.putAll(earlier);
  }

  Source source() {
    return source;
  }

  Optional<String> get(String key) {
    Optional<String> pending = writes.get(key);
    return pending != null ? pending : source.get(key);
  }

  Map<String, String> entries(String prefix) {
    Map<String, String> out = new TreeMap<>(source.entries(prefix));
    writes.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            if (v.isPresent()) {
              out.put(k, v.get());
            } else {
              out.remove(k);
            }
          }
        });
    return out;
  }

  void put(String key, String value) {
    writes.put(key, Optional.of(value));
  }

  void delete(String key) {
    writes.put(key, Optional.empty());
  }

  /** The pending writes in order: key to the new value, or empty for a deletion. */
  public Map<String, Optional<String>> writes() {
    return Collections.unmodifiableMap(writes);
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  /** Writes the effects to {@code store} and forgets them. Only a reconcile pass calls this. */
  void commit(StateStore store) {
    writes.forEach(
        (k, v) -> {
          if (v.isPresent()) {
            store.put(k, v.get());
          } else {
            store.delete(k);
          }
        });
    writes.clear();
  }
}
