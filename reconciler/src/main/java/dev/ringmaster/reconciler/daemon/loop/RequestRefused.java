package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.model.RingmasterException;

/**
 * The daemon refuses a request: the input is invalid, names something that does not exist, or the
 * daemon is not ready yet. The HTTP API maps the {@link Reason} to a status code; the loop itself
 * knows nothing of HTTP.
 */
public final class RequestRefused extends RingmasterException {
  /** Why a request was refused. */
  public enum Reason {
    /** The input is malformed (for example, not a full commit SHA-1). */
    INVALID,
    /** The input names an environment or commit the daemon does not know. */
    NOT_FOUND,
    /** The daemon cannot answer yet (no commit fetched). */
    NOT_READY
  }

  private final Reason reason;

  public RequestRefused(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
