package dev.ringmaster.driver.spi;

/**
 * Manages the configuration inside guests (NixOS over SSH). Thread-safe: the engine calls it for
 * many guests at once; each call opens its own connection. All methods block, bounded by the
 * driver's connect and activation timeouts.
 *
 * <p>Contract: {@link #observe} never changes the guest; {@link #apply} is idempotent (applying the
 * config that is already active re-activates it harmlessly) and atomic from the guest's point of
 * view (the installed file is replaced by a rename, never half-written; the previous config is put
 * back and re-activated when activation fails). Failures are {@link DriverException}s: an
 * unreachable guest (connection refused, timeout) is retryable; an unknown or changed host key or
 * refused authentication is terminal, and then nothing is sent to the guest. A failed activation is
 * an {@link ActivationFailedException}.
 */
public interface GuestDriver extends AutoCloseable {
  /** The driver name used in logs and metrics ({@code nixos}). */
  String name();

  /** Reads what is installed: config hash, system generation, managed users and groups. */
  GuestObservation observe(GuestTarget target);

  /**
   * Installs the host config atomically and activates it; rolls back when activation fails.
   *
   * @return the successful activation
   * @throws ActivationFailedException when activation failed, after the rollback
   */
  ActivationResult apply(GuestTarget target, String hostConfigJson, String configHash);

  /**
   * Removes the home directory of service user {@code user} ({@code /srv/<user>}) for good, with
   * everything in it. Only the engine calls it, for a destructive guest change that was allowed
   * ({@code --allow-destroy}) after the user's grace period. Idempotent: a missing home succeeds.
   * Blocking. The default refuses (terminal): a driver that cannot remove homes keeps them.
   *
   * @throws DriverException when the name is not a service user's ({@code s-...}) or removal failed
   */
  default void removeServiceHome(GuestTarget target, String user) {
    throw DriverException.terminal(
        "the " + name() + " driver cannot remove the home of service user " + user, null);
  }

  /**
   * Waits until a freshly created guest answers SSH with its pinned host key, retrying with capped
   * backoff up to the driver's boot timeout. Blocking. The default returns at once.
   *
   * @throws GuestBootingException when the timeout passes (the guest is still booting)
   * @throws DriverException terminal at once when the guest presents another host key than the
   *     pinned one
   */
  default void awaitBoot(GuestTarget target) {}

  /** Releases shared resources. Never throws. */
  @Override
  void close();
}
