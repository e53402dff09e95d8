package dev.ringmaster.reconciler.source;

import java.time.Instant;
import java.util.Optional;

/**
 * Where fetching stands: the last good commit (null before the first successful fetch) and, while
 * fetches fail, since when and why. Immutable.
 */
public record FetchStatus(
    String commit, Instant lastSuccess, Instant failingSince, String lastError, int failures) {

  public static FetchStatus initial() {
    return new FetchStatus(null, null, null, null, 0);
  }

  FetchStatus succeeded(String newCommit, Instant at) {
    return new FetchStatus(newCommit, at, null, null, 0);
  }

  FetchStatus failed(String message, Instant at) {
    return new FetchStatus(
        commit, lastSuccess, failingSince == null ? at : failingSince, message, failures + 1);
  }

  public boolean everSucceeded() {
    return commit != null;
  }

  /** {@code git fetch failing since <time>: <message>} while fetches fail. */
  public Optional<String> problem() {
    if (failingSince == null) {
      return Optional.empty();
    }
    return Optional.of("git fetch failing since " + failingSince + ": " + lastError);
  }
}
