package dev.ringmaster.driver.spi;

/**
 * Activation of a new host config failed (non-zero exit status or timeout); {@link #result()}
 * carries the exit status, the output tail and whether the previous config was restored. A non-zero
 * exit is terminal (the same config fails the same way until the spec changes); a timeout is
 * retryable (a loaded or slow guest may finish next time).
 */
public class ActivationFailedException extends DriverException {
  private final transient ActivationResult result;

  public ActivationFailedException(String message, ActivationResult result) {
    super(message, result.timedOut(), null);
    this.result = result;
  }

  public ActivationResult result() {
    return result;
  }
}
