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
import dev.ringmaster.reconciler.seed.SeedSettings;
import dev.ringmaster.reconciler.seed.SeedWriter;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.state.StoreHostKeys;
import java.util.Map;
import java.util.Optional;

/**
 * The NixOS guest side of a session: the driver built from {@code ringmaster.nixos.*} keys (pinned
 * host keys, from first-boot seeds or trusted on first use, in the state store) and the desired
 * guest of every VM that should run.
 */
final class GuestWiring implements GuestResourceSource {
  static final String PREFIX = "ringmaster.nixos.";
  private final NixosDriverOptions options;
  private final NixosGuestDriver driver;
  private final GuestPlatform platform;
  private final SeedWriter seeds;

  private GuestWiring(
      NixosDriverOptions options,
      NixosGuestDriver driver,
      GuestPlatform platform,
      SeedWriter seeds) {
    this.options = options;
    this.driver = driver;
    this.platform = platform;
    this.seeds = seeds;
  }

  /** Pinned keys (from seeds, or recorded on first use when enabled) live in the state store. */
  static GuestWiring from(Map<String, String> config, StateStore store) {
    NixosDriverOptions options = NixosDriverConfig.from(config, PREFIX);
    HostKeyStore keys = new StoreHostKeys(store);
    GuestPlatform platform = GuestPlatform.from(config, PREFIX);
    return new GuestWiring(
        options,
        new NixosGuestDriver(
            options, keys, NixosDriverConfig.bootTimeout(config, PREFIX), platform),
        platform,
        SeedSettings.writer(config, PREFIX, keys));
  }

  NixosGuestDriver driver() {
    return driver;
  }

  SeedWriter seedWriter() {
    return seeds;
  }

  @Override
  public Optional<GuestResource> guestFor(Fleet fleet, Environment environment, VmSpec vm) {
    return vm.online()
        ? Optional.of(GuestResources.desired(fleet, environment, vm, options, platform))
        : Optional.empty();
  }
}
