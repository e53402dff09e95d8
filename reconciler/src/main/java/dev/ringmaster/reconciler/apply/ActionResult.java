package dev.ringmaster.reconciler.apply;

import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import java.time.Duration;

/**
 * How one change of a plan ended: {@code OK}, {@code FAILED} (message says why) or {@code SKIPPED}
 * (message names the flag that would allow it, or the failed change it depends on). {@code index}
 * is 1-based in start order out of {@code total}. Immutable.
 */
public record ActionResult(
    int index, int total, Change change, Outcome outcome, String message, Duration duration) {
  public ActionResult {
    message = message == null ? "" : message;
    duration = duration == null ? Duration.ZERO : duration;
  }
}
