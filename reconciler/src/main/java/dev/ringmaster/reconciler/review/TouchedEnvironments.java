package dev.ringmaster.reconciler.review;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which environments a Git change touches, and why: the environments whose files changed (names
 * read from both versions of each file), the hypervisors whose files changed (every environment
 * with a VM on one of them, at base or head, is touched too), and fleet files that could not be
 * read as YAML at one side (their names are taken from the side that could). Immutable.
 */
public record TouchedEnvironments(
    SortedSet<String> environments, SortedSet<String> hypervisors, List<String> unreadableFiles) {
  public TouchedEnvironments {
    environments = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(environments));
    hypervisors = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(hypervisors));
    unreadableFiles = List.copyOf(unreadableFiles);
  }

  public boolean isEmpty() {
    return environments.isEmpty();
  }
}
