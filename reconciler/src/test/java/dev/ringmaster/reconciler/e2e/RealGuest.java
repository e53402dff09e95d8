package dev.ringmaster.reconciler.e2e;

import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Processes that must reach the guest run inside the {@link LibvirtdFixture}'s network namespace,
 * where the guest's server network is: the {@code ringmaster} CLI (so its guest driver connects to
 * the guest's derived address) and the OpenSSH client the test reads the guest with. Both started
 * with {@code nsenter -t <libvirtd pid> -n}; the libvirt socket is a file, reachable from there.
 */
final class RealGuest {
  private static final Duration CLI_TIMEOUT = Duration.ofMinutes(8);

  /** What one run printed and returned, and how long it took. */
  record Run(int status, String out, String err, Duration took) {
    String describe() {
      return "exit " + status + " after " + took + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private final LibvirtdFixture libvirtd;
  private final Path repo;
  private final Path stateDir;
  private final Path nixosConfig;
  private final Path clientKey;

  RealGuest(LibvirtdFixture libvirtd, Path repo, Path stateDir, Path nixosConfig, Path clientKey) {
    this.libvirtd = libvirtd;
    this.repo = repo;
    this.stateDir = stateDir;
    this.nixosConfig = nixosConfig;
    this.clientKey = clientKey;
  }

  private List<String> nsenter() {
    long pid = Daemons.pid(libvirtd.dir().resolve("libvirtd.pid"));
    return new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n", "--"));
  }

  /** Starts {@code ringmaster COMMAND FLAGS --repo --state-dir --nixos-config} in a child JVM. */
  Process start(String command, String... flags) {
    List<String> cmd = nsenter();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(RingmasterCli.class.getName());
    cmd.add(command);
    cmd.addAll(List.of(flags));
    cmd.addAll(
        List.of(
            "--repo",
            repo.toString(),
            "--state-dir",
            stateDir.toString(),
            "--nixos-config",
            nixosConfig.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(stateDir.resolveSibling("cli.out").toFile());
    pb.redirectError(stateDir.resolveSibling("cli.err").toFile());
    try {
      Files.createDirectories(stateDir);
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a process of {@link #start} and collects what it printed. */
  Run finish(Process p, long startedNanos) {
    try {
      if (!p.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("ringmaster did not end within " + CLI_TIMEOUT);
      }
      return new Run(
          p.exitValue(),
          Files.readString(stateDir.resolveSibling("cli.out"), StandardCharsets.UTF_8),
          Files.readString(stateDir.resolveSibling("cli.err"), StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - startedNanos));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Runs the CLI to its end. */
  Run cli(String command, String... flags) {
    long t0 = System.nanoTime();
    return finish(start(command, flags), t0);
  }

  /**
   * Runs {@code command} in the guest as root with OpenSSH, accepting only {@code hostKey} (an
   * OpenSSH public key line) for {@code address}; returns its output, fails on a non-zero exit.
   */
  String ssh(String address, String hostKey, String command) {
    Path knownHosts = stateDir.resolveSibling("test-known-hosts");
    try {
      Files.writeString(knownHosts, address + " " + hostKey.trim() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = nsenter();
    cmd.addAll(
        List.of(
            "/usr/bin/ssh",
            "-i",
            clientKey.toString(),
            "-o",
            "UserKnownHostsFile=" + knownHosts,
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "ConnectTimeout=10",
            "-o",
            "LogLevel=ERROR",
            "root@" + address,
            command));
    return Daemons.run(Duration.ofSeconds(90), cmd);
  }

  /** Runs a command in the fixture's network namespace ({@code ip addr add ...}). */
  String inNamespace(String... command) {
    List<String> cmd = nsenter();
    cmd.addAll(List.of(command));
    return Daemons.run(Duration.ofSeconds(30), cmd);
  }
}
