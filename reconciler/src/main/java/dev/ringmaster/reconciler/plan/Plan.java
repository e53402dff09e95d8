package dev.ringmaster.reconciler.plan;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of planning: the Git commit the desired state was read at and every change, in
 * dependency order (creations and updates by resource kind, then deletions in reverse kind order).
 * Data only; computed by a pure function of desired, observed and last-applied state.
 *
 * @param refused changes the desired state asks for that will not be made; a plan with any is not
 *     applicable
 * @param unreachable hypervisors (by name) that could not be observed, with the reason: nothing of
 *     the environments with objects on them is planned; and guests (by id, {@code
 *     guest/kvm01/myapp00}) whose domain runs but that did not answer: only their own change is
 *     held back (planned when their config differs from the one last applied)
 */
public record Plan(
    String commit,
    List<Change> changes,
    List<Refusal> refused,
    SortedMap<String, String> unreachable) {
  public Plan {
    commit = commit == null ? "" : commit;
    changes = List.copyOf(changes);
    refused = List.copyOf(refused);
    unreachable = Collections.unmodifiableSortedMap(new TreeMap<>(unreachable));
  }

  public Plan(String commit, List<Change> changes) {
    this(commit, changes, List.of(), new TreeMap<>());
  }

  /** The changes that do something (everything but {@link Action#NO_OP}). */
  public List<Change> actionable() {
    return changes.stream().filter(c -> c.action() != Action.NO_OP).toList();
  }

  public boolean isEmpty() {
    return actionable().isEmpty();
  }

  /** True when nothing was refused: the plan may be applied. */
  public boolean applicable() {
    return refused.isEmpty();
  }

  /** The changes of one environment (shared objects have environment {@code ""}). */
  public List<Change> changesOf(String environment) {
    return changes.stream().filter(c -> c.environment().equals(environment)).toList();
  }
}
