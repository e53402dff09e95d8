package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.driver.nixos.FileHostKeyStore;
import dev.ringmaster.driver.nixos.GuestResources;
import dev.ringmaster.driver.nixos.NixosDriverConfig;
import dev.ringmaster.driver.nixos.NixosDriverOptions;
import dev.ringmaster.driver.nixos.NixosGuestDriver;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.gate.Consent;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the engine the daemon runs: the state store under {@code <state dir>/store}, hypervisor
 * drivers from the service loader and, when {@code ringmaster.nixos.private-key} is configured, the
 * NixOS guest driver (host keys pinned in {@code <state dir>/guest-known-hosts}) with the desired
 * guest config of every VM that should be running. Plain Java.
 */
public final class EngineWiring {
  public static final String NIXOS_PREFIX = "ringmaster.nixos.";

  private EngineWiring() {}

  /** As {@link #build(Path, Map, RingmasterMetrics, Clock, SafetySettings)}, system clock. */
  public static EngineReconciler build(
      Path stateDir, Map<String, String> properties, RingmasterMetrics metrics) {
    return build(stateDir, properties, metrics, Clock.systemUTC(), SafetySettings.defaults());
  }

  /**
   * {@code properties}: every configuration key under {@value #NIXOS_PREFIX} (may be empty); {@code
   * clock}: what every time-dependent decision of the engine reads (pass the daemon's own clock);
   * {@code safety}: grace period and deletion budget (messages name the daemon's consent: {@link
   * Consent#DAEMON}).
   */
  public static EngineReconciler build(
      Path stateDir,
      Map<String, String> properties,
      RingmasterMetrics metrics,
      Clock clock,
      SafetySettings safety) {
    StateStore store = StateStore.open(stateDir.resolve("store"));
    try {
      ReconcilerConfig config =
          ReconcilerConfig.defaults()
              .withClock(clock)
              .withSafety(safety.withConsent(Consent.DAEMON));
      DriverRegistry drivers;
      if (properties.containsKey(NIXOS_PREFIX + "private-key")) {
        NixosDriverOptions options = NixosDriverConfig.from(properties, NIXOS_PREFIX);
        drivers =
            DriverRegistry.fromServiceLoader(
                new NixosGuestDriver(
                    options, new FileHostKeyStore(stateDir.resolve("guest-known-hosts"))));
        config =
            config.withGuests(
                (fleet, env, vm) ->
                    vm.online()
                        ? Optional.of(GuestResources.desired(fleet, env, vm, options))
                        : Optional.empty());
      } else {
        drivers = DriverRegistry.fromServiceLoader();
      }
      return new EngineReconciler(new Reconciler(drivers, store, config), store, drivers, metrics);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }
}
