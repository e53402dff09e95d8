package dev.ringmaster.reconciler.apply;

import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import java.time.Duration;

/**
 * How one change of a plan ended: {@code OK}, {@code FAILED} (message says why) or {@code SKIPPED}
 * (message names the flag that would allow it, or the failed change it depends on). {@code index}
 * is 1-based in start order out of {@code total}. {@code retryable} is false for a terminal driver
 * failure. Immutable.
 */
public record ActionResult(
    int index,
    int total,
    Change change,
    Outcome outcome,
    String message,
    Duration duration,
    boolean retryable) {
  public ActionResult {
    message = message == null ? "" : message;
    duration = duration == null ? Duration.ZERO : duration;
  }

  /** A result whose failure (if any) may succeed when tried again. */
  public ActionResult(
      int index, int total, Change change, Outcome outcome, String message, Duration duration) {
    this(index, total, change, outcome, message, duration, true);
  }

  /** True for a failure that trying again cannot fix (a refused change, bad credentials). */
  public boolean terminal() {
    return outcome == Outcome.FAILED && !retryable;
  }
}
