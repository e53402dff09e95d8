package dev.ringmaster.reconciler.state;

import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Impact;
import java.time.Instant;

/**
 * One line of the apply journal. An {@link Phase#INTENT} is written before a driver action, an
 * {@link Phase#OUTCOME} after it; an intent without an outcome of the same pass and resource was
 * interrupted. {@code seq} is assigned by the store (0 before appending); {@code outcome} is null
 * for intents. Immutable.
 */
public record JournalEntry(
    long seq,
    String passId,
    String commit,
    String environment,
    String resource,
    Action action,
    Impact impact,
    Phase phase,
    Outcome outcome,
    String message,
    long durationMillis,
    Instant at) {
  /** Whether the entry announces an action or reports how it ended. */
  public enum Phase {
    INTENT,
    OUTCOME
  }

  /** How an action ended. */
  public enum Outcome {
    OK,
    FAILED,
    SKIPPED
  }

  public JournalEntry {
    if (passId == null || resource == null || action == null || phase == null) {
      throw new IllegalArgumentException("passId, resource, action and phase are required");
    }
    commit = commit == null ? "" : commit;
    environment = environment == null ? "" : environment;
    message = message == null ? "" : message;
    at = at == null ? Instant.EPOCH : at;
  }

  public static JournalEntry intent(
      String passId, String commit, String env, String resource, Action action, Impact impact) {
    return new JournalEntry(
        0, passId, commit, env, resource, action, impact, Phase.INTENT, null, "", 0, Instant.now());
  }

  public JournalEntry outcome(Outcome outcome, String message, long durationMillis) {
    return new JournalEntry(
        0,
        passId,
        commit,
        environment,
        resource,
        action,
        impact,
        Phase.OUTCOME,
        outcome,
        message,
        durationMillis,
        Instant.now());
  }

  JournalEntry withSeq(long newSeq) {
    return new JournalEntry(
        newSeq,
        passId,
        commit,
        environment,
        resource,
        action,
        impact,
        phase,
        outcome,
        message,
        durationMillis,
        at);
  }
}
