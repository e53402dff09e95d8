package dev.ringmaster.reconciler.source;

import dev.ringmaster.model.RingmasterException;

/** The fleet repository cannot be reached or read. */
public class SourceException extends RingmasterException {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
