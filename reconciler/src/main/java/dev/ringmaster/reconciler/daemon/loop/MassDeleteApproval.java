package dev.ringmaster.reconciler.daemon.loop;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An operator's approval that passes planning from exactly {@code commit} may remove more VMs than
 * the deletion budget allows: for one {@code environment}, or for every environment when it is
 * empty. {@code by} is the name of the API token that approved it. Immutable.
 */
public record MassDeleteApproval(String commit, String environment, String by, Instant at) {
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");

  public MassDeleteApproval {
    if (!isFullSha(commit)) {
      throw new IllegalArgumentException("commit must be a full 40-character hex SHA-1");
    }
    if (at == null) {
      throw new IllegalArgumentException("at is required");
    }
    environment = environment == null ? "" : environment;
    by = by == null || by.isBlank() ? "operator" : by;
  }

  /** Whether {@code commit} is a full lower-case hex SHA-1, as Git prints it. */
  public static boolean isFullSha(String commit) {
    return commit != null && FULL_SHA.matcher(commit).matches();
  }

  /** Whether this approval covers a pass of {@code env} planned from {@code passCommit}. */
  public boolean covers(String passCommit, String env) {
    return commit.equals(passCommit) && (environment.isEmpty() || environment.equals(env));
  }
}
