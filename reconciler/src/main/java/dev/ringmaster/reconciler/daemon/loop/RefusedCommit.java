package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.model.Diagnostic;
import java.time.Instant;
import java.util.List;

/**
 * A commit of the fleet repository the daemon refused as a whole because it does not validate: the
 * refused commit, the commit that stays in force instead (null when none was ever good), when it
 * was refused, how many errors it has and the first {@value #SHOWN} of them, each {@code
 * file:line:column: field: message}. Nothing of a refused commit is planned or applied. Immutable.
 */
public record RefusedCommit(
    String commit, String inForce, Instant at, int errorCount, List<String> errors) {
  /** How many errors are kept and shown. */
  public static final int SHOWN = 5;

  public RefusedCommit {
    errors = List.copyOf(errors);
  }

  static RefusedCommit of(String commit, String inForce, Instant at, List<Diagnostic> errors) {
    return new RefusedCommit(
        commit,
        inForce,
        at,
        errors.size(),
        errors.stream().limit(SHOWN).map(Diagnostic::toString).toList());
  }

  /**
   * One line for banners, logs and readiness: the refused commit, what stays and the first error.
   */
  public String summary() {
    return "commit "
        + commit
        + " refused: "
        + errorCount
        + " error(s) in the fleet repository, nothing of it is applied; "
        + (inForce == null ? "no commit in force" : "commit " + inForce + " stays in force")
        + (errors.isEmpty() ? "" : ". First: " + errors.get(0));
  }
}
