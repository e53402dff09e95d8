package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.reconciler.engine.EngineFactory;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.gate.Consent;
import dev.ringmaster.reconciler.gate.SafetySettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Builds the engine the daemon runs: the state store under {@code <state dir>/store}, hypervisor
 * drivers from the service loader and, when {@code ringmaster.nixos.private-key} is configured, the
 * guest driver, all through {@link EngineFactory} as the CLI builds them. Host keys accepted on
 * first use live in the state store; a {@code <state dir>/guest-known-hosts} file of an earlier
 * version is imported once. Plain Java.
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
    return build(stateDir, properties, HypervisorSettings.defaults(), metrics, clock, safety);
  }

  /** As above, with Ringmaster's settings for reaching hypervisors ({@code hypervisors}). */
  public static EngineReconciler build(
      Path stateDir,
      Map<String, String> properties,
      HypervisorSettings hypervisors,
      RingmasterMetrics metrics,
      Clock clock,
      SafetySettings safety) {
    ReconcilerConfig config =
        ReconcilerConfig.defaults().withClock(clock).withSafety(safety.withConsent(Consent.DAEMON));
    Map<String, String> guests =
        properties.containsKey(NIXOS_PREFIX + "private-key") ? properties : Map.of();
    EngineFactory.Engine engine =
        EngineFactory.open(stateDir.resolve("store"), guests, hypervisors, config);
    try {
      EngineFactory.importHostKeys(stateDir.resolve("guest-known-hosts"), engine.store());
      return new EngineReconciler(engine.reconciler(), engine.store(), engine.drivers(), metrics);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }
}
