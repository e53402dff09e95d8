package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.HostKeyStore;
import java.util.Map;

/**
 * Builds a driver that a kind's handler reaches through {@link
 * dev.ringmaster.driver.spi.DriverAccess#driver} from the engine's configuration and state, where a
 * ready-made driver found with {@link java.util.ServiceLoader} would not do: the first-boot seed
 * writer takes its management keys from the guest driver's settings and pins host keys into the
 * engine's store. Registered with {@code ServiceLoader} under {@code
 * META-INF/services/dev.ringmaster.reconciler.plan.KindDriverFactory}; the engine factory builds
 * each once, the same for the CLI and the daemon. Implementations are stateless.
 *
 * @param <T> the type handlers ask {@code DriverAccess.driver} for
 */
public interface KindDriverFactory<T> {
  /** The type the driver is registered under. */
  Class<T> type();

  /**
   * Builds the driver.
   *
   * @param guestProperties the guest driver's configuration keys ({@code ringmaster.nixos.*});
   *     empty when guests are not managed
   * @param guestsManaged true when a guest driver is configured
   * @param hostKeys the engine's host key store (the state store's)
   * @throws dev.ringmaster.model.RingmasterException naming the setting when it is unusable
   */
  T create(Map<String, String> guestProperties, boolean guestsManaged, HostKeyStore hostKeys);
}
