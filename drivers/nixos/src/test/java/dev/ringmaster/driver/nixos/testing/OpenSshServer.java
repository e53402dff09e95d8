package dev.ringmaster.driver.nixos.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} for tests: its own host key, config, authorized keys, pid file and
 * log in a directory the test owns, listening on 127.0.0.1 on a free port, logging in as the
 * current user with a generated key. Changes no account or system file (it only creates {@code
 * /run/sshd}, sshd's privilege separation directory, when missing). Stopped by its PID.
 */
public final class OpenSshServer implements AutoCloseable {
  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private final Path dir;
  private final int port;
  private final Process process;

  private OpenSshServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Generates keys in {@code dir}, starts sshd and waits until it accepts connections. */
  public static OpenSshServer start(Path dir) throws IOException, InterruptedException {
    return start(dir, freePort());
  }

  /**
   * As {@link #start(Path)} on {@code port}. Keys already at {@code dir/host_ed25519} (for example
   * one a test generated) and {@code dir/client_ed25519} are used as they are.
   */
  public static OpenSshServer start(Path dir, int port) throws IOException, InterruptedException {
    return start(dir, port, List.of());
  }

  /**
   * As {@link #start(Path, int)}, sshd started through {@code launcher} (for example {@code nsenter
   * -t PID -m --}, so that its sessions see another mount namespace); the launcher must exec sshd,
   * so that {@link #pid()} is sshd's.
   */
  public static OpenSshServer start(Path dir, int port, List<String> launcher)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Files.createDirectories(Path.of("/run/sshd"));
    if (!Files.exists(dir.resolve("host_ed25519"))) {
      keygen(dir.resolve("host_ed25519"));
    }
    if (!Files.exists(dir.resolve("client_ed25519"))) {
      keygen(dir.resolve("client_ed25519"));
    }
    Files.copy(
        dir.resolve("client_ed25519.pub"),
        dir.resolve("authorized_keys"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("sshd_config"), config(dir, port));
    List<String> argv = new java.util.ArrayList<>(launcher);
    argv.addAll(
        List.of(
            SSHD.toString(),
            "-D",
            "-f",
            dir.resolve("sshd_config").toString(),
            "-E",
            dir.resolve("sshd.log").toString()));
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.out").toFile())
            .start();
    OpenSshServer server = new OpenSshServer(dir, port, p);
    server.awaitListening();
    return server;
  }

  private static String config(Path dir, int port) {
    return String.join(
        "\n",
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey " + dir.resolve("host_ed25519"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PidFile " + dir.resolve("sshd.pid"),
        "StrictModes no",
        "UsePAM no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password",
        "Subsystem sftp internal-sftp",
        "LogLevel VERBOSE",
        "");
  }

  /** Generates an unencrypted ed25519 key pair at {@code key} and {@code key.pub}. */
  public static void keygen(Path key) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ssh-keygen failed: " + out);
    }
  }

  /** A TCP port on 127.0.0.1 that nothing listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("sshd exited: " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IOException("sshd did not listen on port " + port + ": " + log());
  }

  public int port() {
    return port;
  }

  public Path clientKey() {
    return dir.resolve("client_ed25519");
  }

  /** The server's public host key as OpenSSH text: {@code ssh-ed25519 AAAA...}. */
  public String hostKey() throws IOException {
    String[] f = Files.readString(dir.resolve("host_ed25519.pub")).trim().split(" ");
    return f[0] + " " + f[1];
  }

  /** A known_hosts line pinning {@code key} for this server. */
  public String knownHostsLine(String key) {
    return "[127.0.0.1]:" + port + " " + key;
  }

  /** Writes a known_hosts file with the given lines. */
  public Path knownHosts(String name, List<String> lines) throws IOException {
    return Files.write(dir.resolve(name), lines);
  }

  public String log() throws IOException {
    Path log = dir.resolve("sshd.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Sends SIGKILL to sshd and to every process it started (the sessions and their commands), as a
   * host that goes away would drop them; waits until they are gone.
   */
  public void killWithSessions() throws InterruptedException {
    List<ProcessHandle> sessions = process.toHandle().descendants().toList();
    process.destroyForcibly();
    sessions.forEach(ProcessHandle::destroyForcibly);
    process.waitFor(30, TimeUnit.SECONDS);
    for (ProcessHandle h : sessions) {
      h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> h).join();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
