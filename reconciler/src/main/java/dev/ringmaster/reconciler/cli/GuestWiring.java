package dev.ringmaster.reconciler.cli;

import dev.ringmaster.driver.nixos.GuestPlatform;
import dev.ringmaster.driver.nixos.GuestResources;
import dev.ringmaster.driver.nixos.HostKeyStore;
import dev.ringmaster.driver.nixos.NixosDriverConfig;
import dev.ringmaster.driver.nixos.NixosDriverOptions;
import dev.ringmaster.driver.nixos.NixosGuestDriver;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.desired.GuestResourceSource;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.state.StoreHostKeys;
import java.util.Map;
import java.util.Optional;

/**
 * The NixOS guest side of a session: the driver built from {@code ringmaster.nixos.*} keys (host
 * keys trusted on first use recorded in the state store) and the desired guest of every VM that
 * should run.
 */
final class GuestWiring implements GuestResourceSource {
  static final String PREFIX = "ringmaster.nixos.";
  private final NixosDriverOptions options;
  private final NixosGuestDriver driver;
  private final GuestPlatform platform;

  private GuestWiring(NixosDriverOptions options, NixosGuestDriver driver, GuestPlatform platform) {
    this.options = options;
    this.driver = driver;
    this.platform = platform;
  }

  static GuestWiring from(Map<String, String> config, StateStore store) {
    NixosDriverOptions options = NixosDriverConfig.from(config, PREFIX);
    HostKeyStore keys = options.trustOnFirstUse() ? new StoreHostKeys(store) : HostKeyStore.NONE;
    GuestPlatform platform = GuestPlatform.from(config, PREFIX);
    return new GuestWiring(options, new NixosGuestDriver(options, keys, platform), platform);
  }

  NixosGuestDriver driver() {
    return driver;
  }

  @Override
  public Optional<GuestResource> guestFor(Fleet fleet, Environment environment, VmSpec vm) {
    return vm.online()
        ? Optional.of(GuestResources.desired(fleet, environment, vm, options, platform))
        : Optional.empty();
  }
}
