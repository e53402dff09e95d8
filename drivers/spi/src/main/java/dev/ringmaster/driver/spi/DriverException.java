package dev.ringmaster.driver.spi;

import dev.ringmaster.model.RingmasterException;

/**
 * A driver operation failed. {@link #retryable()} tells the engine whether trying again later may
 * succeed (connection refused, timeout, host busy) or not (bad credentials, changed host key, a
 * refused change): terminal failures are shown as a condition and never retried.
 */
public class DriverException extends RingmasterException {
  private final boolean retryable;

  public DriverException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public static DriverException transientFailure(String message, Throwable cause) {
    return new DriverException(message, true, cause);
  }

  public static DriverException terminal(String message, Throwable cause) {
    return new DriverException(message, false, cause);
  }

  public boolean retryable() {
    return retryable;
  }
}
