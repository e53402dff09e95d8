package dev.ringmaster.driver.nixos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for a NixOS guest's file system in a temp dir: the host config path, a user and group
 * database in {@code passwd(5)}/{@code group(5)} format, a system profile link, and an activation
 * script that records each run (with the {@code marker} of the config it saw) and fails or hangs
 * when that config asks it to ({@code "marker":"FAIL..."} or {@code "marker":"HANG..."}).
 */
public final class GuestRoot {
  private final Path root;

  public GuestRoot(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("nix/var/nix/profiles"));
    Files.createSymbolicLink(
        root.resolve("nix/var/nix/profiles/system"), Path.of("system-42-link"));
    Files.write(
        passwd(),
        List.of(
            "root:x:0:0:System administrator:/root:/bin/sh",
            "nixbld1:x:30001:30000:Nix build user 1:/var/empty:/bin/false",
            "alice:x:1001:100::/home/alice:/bin/sh",
            "s-myapp:x:60123:990::/srv/s-myapp:/bin/sh",
            "nobody:x:65534:65534:Unprivileged account:/var/empty:/bin/false"));
    Files.write(
        group(),
        List.of(
            "root:x:0:",
            "users:x:100:",
            "nixbld:x:30000:nixbld1",
            "login:x:901:alice",
            "sudo-srv:x:902:alice",
            "service:x:990:",
            "nogroup:x:65534:"));
    Path script = root.resolve("activate.sh");
    Files.writeString(script, script());
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String script() {
    return String.join(
        "\n",
        "#!/bin/sh",
        "config='" + configPath() + "'",
        "marker=$(sed -n 's/.*\"marker\":\"\\([^\"]*\\)\".*/\\1/p' \"$config\")",
        "echo \"activate $marker\" >> '" + activationLog() + "'",
        "echo \"building the system configuration for $marker\"",
        "case \"$marker\" in",
        "  FAIL*) echo \"error: attribute 'postgresql17' missing\" >&2; exit 3 ;;",
        "  HANG*) exec sleep 300 ;;",
        "esac",
        "echo \"activating the configuration $marker\"",
        "");
  }

  public Path root() {
    return root;
  }

  public String configPath() {
    return root.resolve("etc/ringmaster/hostconfig.json").toString();
  }

  public Path config() {
    return Path.of(configPath());
  }

  public Path passwd() {
    return root.resolve("etc/passwd");
  }

  public Path group() {
    return root.resolve("etc/group");
  }

  public Path activationLog() {
    return root.resolve("activations.log");
  }

  public String activationCommand() {
    return root.resolve("activate.sh").toString();
  }

  /** The activation runs so far, one {@code activate <marker>} line each. */
  public List<String> activations() throws IOException {
    return Files.exists(activationLog()) ? Files.readAllLines(activationLog()) : List.of();
  }
}
