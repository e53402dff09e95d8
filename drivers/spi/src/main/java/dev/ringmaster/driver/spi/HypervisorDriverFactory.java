package dev.ringmaster.driver.spi;

import dev.ringmaster.model.Hypervisor;

/**
 * Opens {@link HypervisorDriver}s for the hypervisor URIs it understands. Implementations are found
 * with {@link java.util.ServiceLoader}; the first that {@link #accepts} a URI wins. Thread-safe.
 */
public interface HypervisorDriverFactory {
  /** The driver name used in logs and metrics ({@code libvirt}). */
  String name();

  boolean accepts(String uri);

  /**
   * Connects; fails with a retryable {@link DriverException} when the hypervisor is unreachable.
   */
  HypervisorDriver connect(Hypervisor hypervisor);

  /**
   * This factory using Ringmaster's hypervisor settings (SSH key, connect timeout, host key store)
   * for the connections it opens; factories that need none return themselves.
   */
  default HypervisorDriverFactory configure(HypervisorSettings settings) {
    return this;
  }
}
