package dev.ringmaster.driver.spi;

/**
 * A freshly created guest has not answered SSH within the boot timeout. Not a failure: the engine
 * reports the guest as booting and the next pass tries again. Not retried within a pass (the wait
 * itself already retried with backoff).
 */
public final class GuestBootingException extends DriverException {
  public GuestBootingException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
