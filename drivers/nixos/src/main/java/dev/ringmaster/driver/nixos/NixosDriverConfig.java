package dev.ringmaster.driver.nixos;

import dev.ringmaster.model.RingmasterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link NixosDriverOptions} from flat configuration keys (as in {@code
 * application.properties}), so the CLI and the daemon configure the driver the same way. Keys,
 * under a prefix such as {@code ringmaster.nixos.}: {@code private-key} (required), {@code
 * known-hosts}, {@code trust-on-first-use}, {@code config-path}, {@code activation-command}, {@code
 * activation-timeout}, {@code connect-timeout}, {@code command-timeout}, {@code boot-timeout}
 * ({@link #bootTimeout}), {@code management-key} (read by the first-boot seed), {@code
 * generation-command}, {@code passwd-command}, {@code group-command}. Durations are {@code 90s},
 * {@code 15m}, {@code 1h} or ISO-8601 ({@code PT15M}). Pure; unknown keys are ignored.
 */
public final class NixosDriverConfig {
  private static final Pattern SHORT = Pattern.compile("^(\\d{1,9})(ms|s|m|h)$");

  private NixosDriverConfig() {}

  /**
   * The options the keys under {@code prefix} describe, defaults for the rest.
   *
   * @throws RingmasterException naming the key when a value is missing or malformed
   */
  public static NixosDriverOptions from(Map<String, String> config, String prefix) {
    String key = value(config, prefix, "private-key", null);
    if (key == null) {
      throw new RingmasterException(prefix + "private-key is required for the NixOS driver");
    }
    String knownHosts = value(config, prefix, "known-hosts", null);
    NixosDriverOptions d =
        NixosDriverOptions.defaults(Path.of(key), knownHosts == null ? null : Path.of(knownHosts));
    try {
      return build(config, prefix, d);
    } catch (RingmasterException e) {
      throw new RingmasterException(prefix + "*: " + e.getMessage(), e);
    }
  }

  private static NixosDriverOptions build(
      Map<String, String> config, String prefix, NixosDriverOptions d) {
    return new NixosDriverOptions(
        value(config, prefix, "config-path", d.configPath()),
        value(config, prefix, "activation-command", d.activationCommand()),
        duration(config, prefix, "activation-timeout", d.activationTimeout()),
        duration(config, prefix, "connect-timeout", d.connectTimeout()),
        duration(config, prefix, "command-timeout", d.commandTimeout()),
        d.privateKey(),
        d.knownHosts(),
        bool(config, prefix, "trust-on-first-use"),
        value(config, prefix, "generation-command", d.generationCommand()),
        value(config, prefix, "passwd-command", d.passwdCommand()),
        value(config, prefix, "group-command", d.groupCommand()),
        d.managedUidMin(),
        d.managedUidMax(),
        d.outputTailLines(),
        d.defaultPort(),
        d.defaultUser(),
        value(config, prefix, "home-root", d.homeRoot()));
  }

  private static String value(Map<String, String> c, String prefix, String key, String fallback) {
    String v = c.get(prefix + key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static boolean bool(Map<String, String> c, String prefix, String key) {
    String v = value(c, prefix, key, "false").toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new RingmasterException(prefix + key + ": \"" + v + "\" is not true or false");
    }
    return v.equals("true");
  }

  /**
   * The {@code boot-timeout} key: how long the driver waits for a freshly created guest's SSH
   * (default 180 s).
   *
   * @throws RingmasterException naming the key when the value is malformed or not positive
   */
  public static Duration bootTimeout(Map<String, String> config, String prefix) {
    Duration d = duration(config, prefix, "boot-timeout", BootWait.DEFAULT_TIMEOUT);
    if (d.isZero() || d.isNegative()) {
      throw new RingmasterException(prefix + "boot-timeout: must be positive");
    }
    return d;
  }

  static Duration duration(Map<String, String> c, String prefix, String key, Duration fallback) {
    String v = value(c, prefix, key, null);
    if (v == null) {
      return fallback;
    }
    Matcher m = SHORT.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      throw new RingmasterException(
          prefix + key + ": \"" + v + "\" is not a duration; write e.g. 90s, 15m or PT15M", e);
    }
  }
}
