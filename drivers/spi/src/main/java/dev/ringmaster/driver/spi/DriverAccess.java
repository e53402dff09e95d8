package dev.ringmaster.driver.spi;

import java.util.Optional;

/**
 * The drivers a resource kind's handler may use to carry out a change: the connected driver of a
 * hypervisor, the guest driver, and any other driver the engine found with {@link
 * java.util.ServiceLoader} (for kinds that live outside hypervisors, such as DNS records).
 * Thread-safe; the engine owns every driver (a handler never closes one).
 */
public interface DriverAccess {
  /**
   * The connected driver of hypervisor {@code host}; connects on first use.
   *
   * @throws DriverException retryable when the hypervisor is unreachable, terminal when unknown
   */
  HypervisorDriver hypervisor(String host);

  /** The guest driver; empty when guests are not managed. */
  Optional<GuestDriver> guests();

  /** The registered driver of type {@code type} (first found); empty when none is registered. */
  <T> Optional<T> driver(Class<T> type);
}
