package dev.ringmaster.model;

/**
 * The one unchecked root of every exception Ringmaster throws on purpose. Callers at the edge (CLI,
 * HTTP API) turn it into a message and an exit status; nothing below them logs and rethrows it.
 */
public class RingmasterException extends RuntimeException {
  public RingmasterException(String message) {
    super(message);
  }

  public RingmasterException(String message, Throwable cause) {
    super(message, cause);
  }
}
