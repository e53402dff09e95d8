package dev.ringmaster.reconciler.review;

import dev.ringmaster.model.Diagnostic;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a pull request would change: the base and head commits, when it was planned (restart
 * changes are scheduled as if merged then), one {@link EnvironmentPlan} per touched environment in
 * name order, and the head's diagnostics. When the head has errors there are no environment plans.
 * {@code live} tells whether the head was planned against the observed live state (else the base
 * stood for it); {@code unreachable} names the touched environments that could not be planned
 * because a hypervisor of theirs did not answer, with the reason (always empty when not live).
 * Immutable.
 */
public record PullRequestPlan(
    String base,
    String head,
    Instant plannedAt,
    List<EnvironmentPlan> environments,
    List<Diagnostic> diagnostics,
    boolean live,
    SortedMap<String, String> unreachable) {
  /** Exit status: nothing to do. */
  public static final int NOTHING_TO_DO = 0;

  /** Exit status: the head is invalid. */
  public static final int INVALID = 1;

  /** Exit status: the head changes something. */
  public static final int CHANGES = 2;

  public PullRequestPlan {
    if (base == null || head == null || plannedAt == null) {
      throw new IllegalArgumentException("base, head and plannedAt are required");
    }
    environments = List.copyOf(environments);
    diagnostics = List.copyOf(diagnostics);
    unreachable =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(unreachable == null ? Map.of() : unreachable));
  }

  /** A plan against the base revision (nothing observed, nothing unreachable). */
  public PullRequestPlan(
      String base,
      String head,
      Instant plannedAt,
      List<EnvironmentPlan> environments,
      List<Diagnostic> diagnostics) {
    this(base, head, plannedAt, environments, diagnostics, false, null);
  }

  public boolean valid() {
    return diagnostics.stream().noneMatch(Diagnostic::isError);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).toList();
  }

  public PlanSummary summary() {
    return environments.stream()
        .map(EnvironmentPlan::summary)
        .reduce(new PlanSummary(0, 0, 0, 0, 0, 0), PlanSummary::plus);
  }

  /** True when the planner refused a change (a disk shrink, a foreign object in the way). */
  public boolean hasRefusals() {
    return environments.stream().anyMatch(e -> !e.refused().isEmpty());
  }

  /**
   * {@link #INVALID} for an invalid head or a refused change, else {@link #CHANGES} when anything
   * changes or an environment could not be planned (unreachable), else {@link #NOTHING_TO_DO}.
   */
  public int exitCode() {
    if (!valid() || hasRefusals()) {
      return INVALID;
    }
    return summary().total() == 0 && unreachable.isEmpty() ? NOTHING_TO_DO : CHANGES;
  }
}
