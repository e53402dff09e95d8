package dev.ringmaster.driver.spi;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import java.util.Optional;

/**
 * A configured guest driver and the desired guest configuration of each VM it manages. The
 * derivation is pure; the driver is owned by the engine, which closes it.
 */
public interface GuestSetup {
  GuestDriver driver();

  /** The desired guest of {@code vm}; empty when it is not managed (for example, not online). */
  Optional<GuestResource> desired(Fleet fleet, Environment environment, VmSpec vm);
}
