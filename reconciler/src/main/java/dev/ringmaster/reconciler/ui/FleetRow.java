package dev.ringmaster.reconciler.ui;

import dev.ringmaster.reconciler.daemon.loop.EnvironmentState;
import dev.ringmaster.reconciler.engine.Condition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One line of the fleet page: an environment's status as {@code /v1/environments} reports it, its
 * resource group (from the fleet at the commit in force; empty when not declared) and its held
 * changes (restart changes waiting for their window, and a deletion-budget hold, as {@code
 * /v1/maintenance} reports them). Immutable.
 */
record FleetRow(EnvironmentState status, String group, int held, boolean budgetHeld) {
  /** The columns the fleet can be sorted by. */
  enum Sort {
    NAME(Comparator.comparing(r -> r.status().name())),
    GROUP(Comparator.comparing(FleetRow::group)),
    READY(Comparator.comparing(FleetRow::ready)),
    COMMIT(Comparator.comparing(r -> Optional.ofNullable(r.status().commit()).orElse(""))),
    PENDING(Comparator.comparingInt(r -> r.status().pending())),
    HELD(Comparator.comparingInt(FleetRow::held)),
    DRIFTED(Comparator.comparingInt(r -> r.status().drifted())),
    LAST_PASS(
        Comparator.comparing(
            r -> Optional.ofNullable(r.status().lastPass()).orElse(Instant.EPOCH)));

    final Comparator<FleetRow> order;

    Sort(Comparator<FleetRow> order) {
      this.order = order;
    }

    String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Sort of(String key) {
      for (Sort s : values()) {
        if (s.key().equals(key)) {
          return s;
        }
      }
      return NAME;
    }
  }

  boolean ready() {
    return condition("Ready").map(Condition::status).orElse(false);
  }

  Optional<Condition> condition(String type) {
    return status().conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** Sorts by {@code sort} (then by name), descending when asked. */
  static List<FleetRow> sorted(List<FleetRow> rows, Sort sort, boolean descending) {
    Comparator<FleetRow> order = sort.order.thenComparing(r -> r.status().name());
    return rows.stream().sorted(descending ? order.reversed() : order).toList();
  }

  /** Counts what each environment has held, from a {@code /v1/maintenance} body. */
  static Map<String, Integer> heldCounts(Map<String, Object> maintenance) {
    Map<String, Integer> held = new java.util.HashMap<>();
    for (Object item : list(maintenance.get("scheduled"))) {
      if (item instanceof Map<?, ?> m && m.get("environment") instanceof String env) {
        held.merge(env, 1, Integer::sum);
      }
    }
    return held;
  }

  static java.util.Set<String> budgetHeld(Map<String, Object> maintenance) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Object item : list(maintenance.get("budget"))) {
      if (item instanceof Map<?, ?> m && m.get("environment") instanceof String env) {
        out.add(env);
      }
    }
    return out;
  }

  static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }
}
