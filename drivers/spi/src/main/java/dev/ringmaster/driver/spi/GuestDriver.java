package dev.ringmaster.driver.spi;

/**
 * Manages the configuration inside guests (NixOS over SSH). Thread-safe: the engine calls it for
 * many guests at once. All methods block, bounded by the driver's timeouts.
 *
 * <p>Contract: {@link #observe} never changes the guest; {@link #apply} is idempotent (applying the
 * config that is already active re-activates it harmlessly) and atomic from the guest's point of
 * view (the previous config is restored when activation fails). Failures are {@link
 * DriverException}s: unreachable guests are retryable; a changed host key or refused authentication
 * is terminal.
 */
public interface GuestDriver extends AutoCloseable {
  /** The driver name used in logs and metrics ({@code nixos}). */
  String name();

  /** Reads what is installed: active config hash, system generation, users and groups present. */
  GuestObservation observe(GuestTarget target);

  /** Installs the host config atomically and activates it; rolls back when activation fails. */
  ActivationResult apply(GuestTarget target, String hostConfigJson, String configHash);

  @Override
  void close();
}
