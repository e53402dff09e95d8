package dev.ringmaster.reconciler.apply;

import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import java.util.Comparator;
import java.util.List;

/** The end of an apply pass: every action's result, in start order. Immutable. */
public record ApplyReport(String passId, String commit, List<ActionResult> results) {
  public ApplyReport {
    results = results.stream().sorted(Comparator.comparingInt(ActionResult::index)).toList();
  }

  public List<ActionResult> withOutcome(Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).toList();
  }

  public boolean failed() {
    return !withOutcome(Outcome.FAILED).isEmpty();
  }

  public boolean skippedAny() {
    return !withOutcome(Outcome.SKIPPED).isEmpty();
  }

  /** True when every action succeeded (nothing failed or was skipped). */
  public boolean converged() {
    return !failed() && !skippedAny();
  }
}
