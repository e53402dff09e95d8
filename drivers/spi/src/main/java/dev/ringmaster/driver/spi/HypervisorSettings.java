package dev.ringmaster.driver.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ringmaster's own settings for reaching hypervisors, the same for every hypervisor of the fleet:
 * the private key it logs in with over SSH (nullable: the SSH library's defaults), how long
 * connecting may take, and where host keys pinned outside the fleet are kept. Immutable; the key is
 * named by its path only and never read here.
 */
public record HypervisorSettings(Path sshKey, Duration connectTimeout, HostKeyStore hostKeys) {
  public static final String SSH_KEY = "RINGMASTER_HYPERVISOR_SSH_KEY";
  public static final String CONNECT_TIMEOUT = "RINGMASTER_HYPERVISOR_CONNECT_TIMEOUT";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  public HypervisorSettings {
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    hostKeys = hostKeys == null ? HostKeyStore.NONE : hostKeys;
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new dev.ringmaster.model.RingmasterException(
          "the hypervisor connect timeout must be positive, not " + connectTimeout);
    }
  }

  /** No key file, the default timeout, no host key store. */
  public static HypervisorSettings defaults() {
    return new HypervisorSettings(null, null, null);
  }

  public HypervisorSettings withHostKeys(HostKeyStore store) {
    return new HypervisorSettings(sshKey, connectTimeout, store);
  }

  /**
   * From {@value #SSH_KEY} and {@value #CONNECT_TIMEOUT}, each read as a JVM system property first,
   * then as an environment variable; no host key store.
   */
  public static HypervisorSettings fromSystem() {
    Map<String, String> merged = new HashMap<>(System.getenv());
    for (String key : new String[] {SSH_KEY, CONNECT_TIMEOUT}) {
      Optional.ofNullable(System.getProperty(key)).ifPresent(v -> merged.put(key, v));
    }
    return fromEnvironment(merged);
  }

  /** From the variables {@value #SSH_KEY} and {@value #CONNECT_TIMEOUT} of {@code env}. */
  public static HypervisorSettings fromEnvironment(Map<String, String> env) {
    String key = env.get(SSH_KEY);
    String timeout = env.get(CONNECT_TIMEOUT);
    return new HypervisorSettings(
        key == null || key.isBlank() ? null : Path.of(key),
        timeout == null || timeout.isBlank() ? null : duration(CONNECT_TIMEOUT, timeout),
        null);
  }

  /** {@code 30s}, {@code 2m}, {@code 500ms} or ISO-8601 ({@code PT30S}). */
  public static Duration duration(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("[0-9]+ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.matches("[0-9]+[smh]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(text.trim());
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new dev.ringmaster.model.RingmasterException(
          name + ": \"" + text + "\" is not a duration; write 30s or PT30S", e);
    }
  }
}
