package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.GuestDriverFactory;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.GuestSetup;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfig;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import java.util.Map;
import java.util.Optional;

/**
 * The NixOS guest driver from the {@value #PREFIX}{@code *} keys (see {@link NixosDriverConfig}),
 * registered with {@link java.util.ServiceLoader}. Every online VM gets its host config.
 */
public final class NixosGuestDriverFactory implements GuestDriverFactory {
  public static final String PREFIX = "ringmaster.nixos.";

  @Override
  public String name() {
    return "nixos";
  }

  @Override
  public boolean configured(Map<String, String> properties) {
    return properties.keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
  }

  @Override
  public GuestSetup create(Map<String, String> properties, HostKeyStore hostKeys) {
    NixosDriverOptions options = NixosDriverConfig.from(properties, PREFIX);
    GuestPlatform platform = GuestPlatform.from(properties, PREFIX);
    NixosGuestDriver driver =
        new NixosGuestDriver(
            options, hostKeys, NixosDriverConfig.bootTimeout(properties, PREFIX), platform);
    return new GuestSetup() {
      @Override
      public GuestDriver driver() {
        return driver;
      }

      @Override
      public Optional<GuestResource> desired(Fleet fleet, Environment environment, VmSpec vm) {
        return vm.online()
            ? Optional.of(GuestResources.desired(fleet, environment, vm, options, platform))
            : Optional.empty();
      }
    };
  }

  @Override
  public GuestResource previewGuest(Fleet fleet, Environment environment, VmSpec vm) {
    HostConfig config = HostConfigRenderer.render(fleet, environment, vm);
    return new GuestResource(
        vm.host(),
        vm.name(),
        environment.name(),
        new GuestTarget(vm.name(), "not-connected", 22, "root"),
        HostConfigJson.toJson(config),
        config.contentHash(),
        GuestResources.accounts(config),
        null,
        GuestResources.recorded(config));
  }
}
