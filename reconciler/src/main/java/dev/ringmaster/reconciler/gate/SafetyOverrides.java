package dev.ringmaster.reconciler.gate;

import java.util.Set;

/**
 * What an operator approves for one apply beyond the schedule: {@code now} names environments whose
 * restart changes run outside their maintenance window ({@code apply --now ENV}); {@code
 * allowMassDelete} lifts the deletion budget ({@code apply --allow-mass-delete}). Every use is
 * journaled. Immutable.
 */
public record SafetyOverrides(Set<String> now, boolean allowMassDelete, String operator) {
  public SafetyOverrides {
    now = Set.copyOf(now == null ? Set.of() : now);
    operator = operator == null || operator.isBlank() ? "operator" : operator;
  }

  public static SafetyOverrides none() {
    return new SafetyOverrides(Set.of(), false, null);
  }
}
