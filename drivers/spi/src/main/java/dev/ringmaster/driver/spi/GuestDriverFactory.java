package dev.ringmaster.driver.spi;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import java.util.Map;

/**
 * Builds a guest driver (and the desired guest configuration it converges) from configuration keys.
 * Implementations are found with {@link java.util.ServiceLoader}; the first that {@link
 * #configured} accepts wins. Thread-safe.
 */
public interface GuestDriverFactory {
  /** The driver name used in logs and metrics ({@code nixos}). */
  String name();

  /** True when {@code properties} ask for this driver (its keys are present). */
  boolean configured(Map<String, String> properties);

  /**
   * The driver and its guest derivation. {@code hostKeys} records keys accepted on first use; the
   * engine backs it with its state store.
   *
   * @throws dev.ringmaster.model.RingmasterException for invalid configuration, naming the key
   */
  GuestSetup create(Map<String, String> properties, HostKeyStore hostKeys);

  /**
   * The desired guest of {@code vm} for plans that are only read, never applied (pull-request
   * plans): what the driver would install, with a placeholder target nobody connects to (the target
   * is not part of what a plan compares). Pure.
   */
  GuestResource previewGuest(Fleet fleet, Environment environment, VmSpec vm);
}
