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
import java.util.List;
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
    // the pins of the host keys Ringmaster generated for its VMs' seeds live in the store too, so
    // the driver always consults it; trust on first use still decides about unknown keys
    HostKeyStore keys = new StoreHostKeys(store);
    GuestPlatform platform = GuestPlatform.from(config, PREFIX);
    return new GuestWiring(options, new NixosGuestDriver(options, keys, platform), platform);
  }

  /**
   * The seed writer for VMs whose guests are managed: the management key is the public half of
   * {@code private-key}, read from {@code <private-key>.pub} (none when that file is missing).
   */
  dev.ringmaster.reconciler.seed.SeedWriter seedWriter(StateStore store) {
    java.nio.file.Path pub =
        options.privateKey().resolveSibling(options.privateKey().getFileName() + ".pub");
    List<String> keys = new java.util.ArrayList<>();
    try {
      if (java.nio.file.Files.isRegularFile(pub)) {
        keys.add(java.nio.file.Files.readString(pub).trim());
      }
    } catch (java.io.IOException e) {
      throw new dev.ringmaster.model.RingmasterException(
          "cannot read " + pub + ": " + e.getMessage());
    }
    return new dev.ringmaster.reconciler.seed.SeedWriter(keys, new StoreHostKeys(store));
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
