package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestBootingException;
import dev.ringmaster.driver.spi.GuestTarget;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for a freshly created guest's SSH: connects (host key verified as always), and while the
 * guest does not answer, retries after 1, 2, 4, 8 s and then every {@link #MAX_DELAY} until the
 * boot timeout. A refused host key or credential ends the wait at once (terminal); a timeout says
 * the guest is still booting ({@link GuestBootingException}). Thread-safe; blocking.
 */
final class BootWait {
  /** Long enough for a Debian or NixOS cloud image to boot under TCG on a loaded machine. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);

  static final Duration MAX_DELAY = Duration.ofSeconds(10);
  private final SshConnector connector;
  private final Duration timeout;

  BootWait(SshConnector connector, Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("boot timeout must be positive");
    }
    this.connector = connector;
    this.timeout = timeout;
  }

  void await(GuestTarget target) {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    Duration delay = Duration.ofSeconds(1);
    while (true) {
      DriverException last;
      try (SshConnection c = connector.open(target)) {
        return;
      } catch (DriverException e) {
        if (!e.retryable()) {
          throw e;
        }
        last = e;
      }
      Instant now = Instant.now();
      if (!now.plus(delay).isBefore(deadline)) {
        throw new GuestBootingException(
            SshConnector.where(target)
                + " is booting: SSH has not answered within the boot timeout of "
                + timeout.toSeconds()
                + " s (last: "
                + last.getMessage()
                + "); the next pass tries again",
            last);
      }
      sleep(delay);
      delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DriverException.transientFailure("interrupted while waiting for a guest to boot", e);
    }
  }
}
