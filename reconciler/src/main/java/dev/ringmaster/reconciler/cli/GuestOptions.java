package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.RingmasterException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** Guest management for plan, apply, drift and status: on only when a NixOS config is given. */
final class GuestOptions {
  static final String VARIABLE = "RINGMASTER_NIXOS_CONFIG";

  @Option(
      names = "--nixos-config",
      paramLabel = "FILE",
      description =
          "Manage NixOS guests with the ringmaster.nixos.* keys of this .properties file"
              + " (default: $"
              + VARIABLE
              + "; none: guests are not managed)")
  Path nixosConfig;

  /** The configured file, if any: the option, else the environment variable. */
  Optional<Path> file() {
    if (nixosConfig != null) {
      return Optional.of(nixosConfig);
    }
    String env = System.getenv(VARIABLE);
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
  }

  /** The keys of the configured file; empty when guests are not managed. */
  Optional<Map<String, String>> properties() {
    return file().map(GuestOptions::read);
  }

  static Map<String, String> read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new RingmasterException("cannot read the NixOS config " + file + ": " + e, e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
