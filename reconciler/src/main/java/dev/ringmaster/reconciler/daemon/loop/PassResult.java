package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.engine.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How one pass ended. {@code applied} counts the changes carried out by impact key ({@code live},
 * {@code restart}, {@code destructive}); {@code pending} counts changes held back by policy; {@code
 * drifted} counts resources whose live state departs from the last applied one; {@code wakeAt}
 * (nullable) is when the environment should pass again because something held becomes due (a
 * maintenance window opens, a grace period ends). Immutable.
 */
public record PassResult(
    String environment,
    String commit,
    Result result,
    Map<String, Integer> applied,
    int pending,
    int drifted,
    List<Condition> conditions,
    String message,
    Instant wakeAt) {
  /** The closed set of pass results (a metric label). */
  public enum Result {
    /** Nothing to do. */
    IN_SYNC,
    /** Changes were applied and the environment converged. */
    APPLIED,
    /** Some changes are held back (policy, refusal, drift under {@code report}). */
    PENDING,
    /** The pass could not finish; it will be retried with backoff. */
    FAILED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public PassResult {
    applied = Map.copyOf(applied == null ? Map.of() : applied);
    conditions = List.copyOf(conditions == null ? List.of() : conditions);
    message = message == null ? "" : message;
  }

  public PassResult(
      String environment,
      String commit,
      Result result,
      Map<String, Integer> applied,
      int pending,
      int drifted,
      List<Condition> conditions,
      String message) {
    this(environment, commit, result, applied, pending, drifted, conditions, message, null);
  }

  /** This result, to be passed again at {@code at} (null: not scheduled). */
  public PassResult withWakeAt(Instant at) {
    return new PassResult(
        environment, commit, result, applied, pending, drifted, conditions, message, at);
  }

  public static PassResult failed(String environment, String commit, String message) {
    return new PassResult(
        environment,
        commit,
        Result.FAILED,
        Map.of(),
        0,
        0,
        List.of(
            new Condition("Ready", false, "PassFailed", message),
            new Condition("Synced", false, "PassFailed", message)),
        message);
  }

  public boolean failed() {
    return result == Result.FAILED;
  }

  /** The condition reason of a pass whose failures are all terminal. */
  public static final String TERMINAL = "TerminalFailure";

  /**
   * True for a failed pass whose failures trying again cannot fix: the daemon does not retry it
   * until the commit or the observed live state changes.
   */
  public boolean terminal() {
    return failed() && conditions.stream().anyMatch(c -> TERMINAL.equals(c.reason()));
  }
}
