package dev.ringmaster.reconciler.gate;

import dev.ringmaster.model.RingmasterException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How cautiously the engine deletes: a VM removed from Git is shut down and kept for {@code
 * gracePeriod} before it is deleted for good; one pass may newly remove at most {@code
 * maxEnvironmentPercent} percent of an environment's VMs (but always one) and at most {@code
 * maxFleetDeletions} VMs fleet-wide without {@code --allow-mass-delete}. A zero grace period turns
 * staging off: a removed VM is deleted at once (still only with {@code --allow-destroy}). {@code
 * consent}: how messages name the consent a held change needs ({@link Consent#CLI} when null).
 * Immutable.
 */
public record SafetySettings(
    Duration gracePeriod, int maxEnvironmentPercent, int maxFleetDeletions, Consent consent) {
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofDays(3);
  public static final int DEFAULT_MAX_ENVIRONMENT_PERCENT = 25;
  public static final int DEFAULT_MAX_FLEET_DELETIONS = 5;

  public SafetySettings {
    gracePeriod = gracePeriod == null ? DEFAULT_GRACE_PERIOD : gracePeriod;
    consent = consent == null ? Consent.CLI : consent;
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must not be negative");
    }
    if (maxEnvironmentPercent < 0 || maxEnvironmentPercent > 100 || maxFleetDeletions < 0) {
      throw new IllegalArgumentException("deletion budget out of range");
    }
  }

  /** With the command line's wording of consent. */
  public SafetySettings(Duration gracePeriod, int maxEnvironmentPercent, int maxFleetDeletions) {
    this(gracePeriod, maxEnvironmentPercent, maxFleetDeletions, Consent.CLI);
  }

  /** The same settings, messages worded for {@code consent}. */
  public SafetySettings withConsent(Consent consent) {
    return new SafetySettings(gracePeriod, maxEnvironmentPercent, maxFleetDeletions, consent);
  }

  public static SafetySettings defaults() {
    return new SafetySettings(
        DEFAULT_GRACE_PERIOD, DEFAULT_MAX_ENVIRONMENT_PERCENT, DEFAULT_MAX_FLEET_DELETIONS);
  }

  /** Settings from system properties, else environment variables, of the names below. */
  public static SafetySettings fromSystem() {
    Map<String, String> merged = new java.util.HashMap<>(System.getenv());
    for (String key :
        List.of(
            "RINGMASTER_DELETE_GRACE",
            "RINGMASTER_DELETE_BUDGET_PERCENT",
            "RINGMASTER_DELETE_BUDGET_VMS")) {
      Optional.ofNullable(System.getProperty(key)).ifPresent(v -> merged.put(key, v));
    }
    return fromEnvironment(merged);
  }

  /**
   * Settings from environment variables, defaults where unset: {@code RINGMASTER_DELETE_GRACE}
   * (ISO-8601 like {@code P3D} or {@code PT1H}), {@code RINGMASTER_DELETE_BUDGET_PERCENT}, {@code
   * RINGMASTER_DELETE_BUDGET_VMS}.
   */
  public static SafetySettings fromEnvironment(Map<String, String> env) {
    try {
      return new SafetySettings(
          Optional.ofNullable(env.get("RINGMASTER_DELETE_GRACE"))
              .map(Duration::parse)
              .orElse(DEFAULT_GRACE_PERIOD),
          Optional.ofNullable(env.get("RINGMASTER_DELETE_BUDGET_PERCENT"))
              .map(Integer::parseInt)
              .orElse(DEFAULT_MAX_ENVIRONMENT_PERCENT),
          Optional.ofNullable(env.get("RINGMASTER_DELETE_BUDGET_VMS"))
              .map(Integer::parseInt)
              .orElse(DEFAULT_MAX_FLEET_DELETIONS));
    } catch (RuntimeException e) {
      throw new RingmasterException("invalid deletion safety setting: " + e.getMessage(), e);
    }
  }
}
