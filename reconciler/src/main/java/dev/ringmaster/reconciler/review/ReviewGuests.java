package dev.ringmaster.reconciler.review;

import dev.ringmaster.driver.spi.GuestDriverFactory;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.desired.GuestResourceSource;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The guest configuration of every VM, for plans that are only read, never applied: what the
 * installed guest driver (found with {@link ServiceLoader}) would install, with a placeholder
 * target. No guest driver installed: no guests. Pure and thread-safe.
 */
final class ReviewGuests implements GuestResourceSource {
  private final Optional<GuestDriverFactory> factory =
      ServiceLoader.load(GuestDriverFactory.class, GuestDriverFactory.class.getClassLoader())
          .findFirst();

  @Override
  public Optional<GuestResource> guestFor(Fleet fleet, Environment environment, VmSpec vm) {
    return factory.map(f -> f.previewGuest(fleet, environment, vm));
  }
}
