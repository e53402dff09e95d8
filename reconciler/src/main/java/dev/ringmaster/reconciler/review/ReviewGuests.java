package dev.ringmaster.reconciler.review;

import dev.ringmaster.driver.nixos.GuestResources;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfig;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.reconciler.desired.GuestResourceSource;
import java.util.Optional;

/**
 * The guest configuration of every VM, for plans that are only read, never applied: the host config
 * and its accounts as the NixOS driver derives them, with a placeholder SSH target (nobody
 * connects, and the target is not part of what a plan compares). Pure and thread-safe.
 */
final class ReviewGuests implements GuestResourceSource {
  @Override
  public Optional<GuestResource> guestFor(Fleet fleet, Environment environment, VmSpec vm) {
    HostConfig config = HostConfigRenderer.render(fleet, environment, vm);
    return Optional.of(
        new GuestResource(
            vm.host(),
            vm.name(),
            environment.name(),
            new GuestTarget(vm.name(), "not-connected", 22, "root"),
            HostConfigJson.toJson(config),
            config.contentHash(),
            GuestResources.accounts(config)));
  }
}
