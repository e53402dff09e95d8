package dev.ringmaster.reconciler.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Renders the fields that differ between two attribute maps: {@code memory 4GiB -> 8GiB}. */
public final class Differences {
  private Differences() {}

  public static String describe(Map<String, String> before, Map<String, String> after) {
    List<String> parts = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      String b = before.get(key);
      String a = after.get(key);
      if (!Objects.equals(a, b)) {
        parts.add(key + " " + (b == null ? "(none)" : b) + " -> " + (a == null ? "(none)" : a));
      }
    }
    return String.join("; ", parts);
  }
}
