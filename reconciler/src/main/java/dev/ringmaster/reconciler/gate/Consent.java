package dev.ringmaster.reconciler.gate;

/**
 * How the reader of a message gives the consent a held change needs, in the words of where the
 * message is read: {@code destroy} allows destructive changes (deleting for good), {@code
 * massDelete} lifts the deletion budget for one commit and may contain {@value #COMMIT}, replaced
 * by the commit's id. {@link #CLI} for the command line, {@link #DAEMON} for {@code ringmaster
 * serve}. Immutable.
 */
public record Consent(String destroy, String massDelete) {
  /** Where {@link #massDelete(String)} puts the commit. */
  public static final String COMMIT = "<sha>";

  public static final Consent CLI = new Consent("--allow-destroy", "apply --allow-mass-delete");

  public static final Consent DAEMON =
      new Consent(
          "ringmaster.reconcile.allow-destructive=true",
          "POST /v1/approvals/mass-delete naming commit " + COMMIT);

  public Consent {
    if (destroy == null || destroy.isBlank() || massDelete == null || massDelete.isBlank()) {
      throw new IllegalArgumentException("destroy and massDelete are required");
    }
  }

  /** {@code massDelete} naming {@code commit} (empty or null: "the commit"). */
  public String massDelete(String commit) {
    if (commit == null || commit.isEmpty()) {
      return massDelete.replace("commit " + COMMIT, "the commit").replace(COMMIT, "the commit");
    }
    return massDelete.replace(COMMIT, commit);
  }
}
