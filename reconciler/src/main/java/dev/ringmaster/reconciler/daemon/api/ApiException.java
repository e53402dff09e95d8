package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.model.RingmasterException;

/** An HTTP API refusal with its status (401, 403, 404, 409, ...) and a message for the caller. */
public class ApiException extends RingmasterException {
  private final int status;

  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
