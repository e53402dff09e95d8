package dev.ringmaster.reconciler.daemon.loop;

import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code POST /v1/approvals/mass-delete}: the approved commit, the environment
 * ({@code null}: every environment), who approved it and when, and the environments queued at once.
 * Immutable.
 */
public record MassDeletionApproved(
    String commit, String environment, String by, Instant at, List<String> queued) {
  public MassDeletionApproved {
    queued = List.copyOf(queued);
  }
}
