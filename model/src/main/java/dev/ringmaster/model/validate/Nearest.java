package dev.ringmaster.model.validate;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the known word closest to a misspelt one by edit distance, for "did you mean" hints. Pure
 * and thread-safe.
 */
public final class Nearest {
  private Nearest() {}

  /**
   * The candidate with the smallest Levenshtein distance to {@code word} (ties: the first in
   * iteration order); empty when there are no candidates.
   */
  public static Optional<String> of(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(word, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance between two texts. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
