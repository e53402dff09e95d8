package dev.ringmaster.reconciler.gate;

import dev.ringmaster.reconciler.state.StateStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Retired service users in the state store's key-value area: {@code retired/<host>/<vm>/<user>} to
 * {@code environment TAB uid TAB instant}. Malformed entries are ignored. Thread-safe as the store
 * is.
 */
final class RetirementState {
  private static final String PREFIX = "retired/";

  private final StateStore store;
  private final GateEffects effects;

  /** Reads {@code store}; marks are written directly. */
  RetirementState(StateStore store) {
    this.store = store;
    this.effects = null;
  }

  /** Reads through {@code effects} and writes marks into them. */
  RetirementState(GateEffects effects) {
    this.store = null;
    this.effects = effects;
  }

  /** Every mark, by {@code host/vm/user}. */
  Map<String, RetiredUser> all() {
    Map<String, RetiredUser> out = new LinkedHashMap<>();
    (effects == null ? store.entries(PREFIX) : effects.entries(PREFIX))
        .forEach(
            (k, v) -> {
              String[] id = k.substring(PREFIX.length()).split("/", 3);
              String[] f = v.split("\t", -1);
              if (id.length == 3 && f.length == 3 && f[1].matches("\\d{1,9}")) {
                RetiredUser r =
                    new RetiredUser(
                        id[0], id[1], f[0], id[2], Integer.parseInt(f[1]), Instant.parse(f[2]));
                out.put(r.key(), r);
              }
            });
    return out;
  }

  void mark(RetiredUser r) {
    String value = r.environment() + "\t" + r.uid() + "\t" + r.at();
    if (effects == null) {
      store.put(PREFIX + r.key(), value);
    } else {
      effects.put(PREFIX + r.key(), value);
    }
  }

  void clear(RetiredUser r) {
    if (effects == null) {
      store.delete(PREFIX + r.key());
    } else {
      effects.delete(PREFIX + r.key());
    }
  }
}
