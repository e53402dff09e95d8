package dev.ringmaster.reconciler.desired;

import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import java.util.Optional;

/**
 * Derives the guest configuration of one VM (the NixOS host config). Pure and thread-safe; empty
 * when the VM's guest is not managed. {@link #NONE} manages no guests.
 */
@FunctionalInterface
public interface GuestResourceSource {
  GuestResourceSource NONE = (fleet, env, vm) -> Optional.empty();

  Optional<GuestResource> guestFor(Fleet fleet, Environment environment, VmSpec vm);
}
