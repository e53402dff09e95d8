package dev.ringmaster.reconciler.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching over ssh:// from a real OpenSSH server on loopback (its own host key, key-only login,
 * started by the test and stopped by its PID): the pinned known_hosts entry lets the fetch through;
 * an unknown host key makes it fail with a clear status.
 */
class GitSourceSshIT {
  @TempDir Path dir;
  private Process sshd;
  private int port;
  private TestRemote remote;

  @BeforeEach
  void startSshd() throws Exception {
    run(
        "ssh-keygen",
        "-q",
        "-t",
        "ecdsa",
        "-b",
        "256",
        "-N",
        "",
        "-f",
        dir.resolve("host_key").toString());
    run(
        "ssh-keygen",
        "-q",
        "-t",
        "ecdsa",
        "-b",
        "256",
        "-N",
        "",
        "-f",
        dir.resolve("client_key").toString());
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    Files.createDirectories(Path.of("/run/sshd"));
    port = freePort();
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "ListenAddress 127.0.0.1",
            "Port " + port,
            "HostKey " + dir.resolve("host_key"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PidFile " + dir.resolve("sshd.pid"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "AllowUsers " + System.getProperty("user.name"),
            ""));
    sshd =
        new ProcessBuilder(
                "/usr/sbin/sshd",
                "-D",
                "-f",
                dir.resolve("sshd_config").toString(),
                "-E",
                dir.resolve("sshd.log").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.out").toFile())
            .start();
    waitForPort();
    remote = TestRemote.create(dir);
    remote.write("environments/a.yaml", TestRemote.environment("a-prod", "a", "kvm01", "4GiB"));
  }

  @AfterEach
  void stopSshd() throws Exception {
    sshd.destroy();
    sshd.waitFor(30, TimeUnit.SECONDS);
    remote.close();
  }

  @Test
  void fetchesWithAKeyAndAPinnedHostKey() throws Exception {
    String commit = remote.commitAndPush("initial");
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(
        knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));

    try (GitSource source = GitSource.open(settings(knownHosts), Clock.systemUTC())) {
      FetchStatus status = source.fetch();

      assertThat(status.problem()).as(log()).isEmpty();
      assertThat(status.commit()).isEqualTo(commit);
      assertThat(source.files(commit))
          .extracting(TreeFile::path)
          .containsExactly("environments/a.yaml");
    }
  }

  @Test
  void refusesAServerWhoseHostKeyIsNotPinned() throws Exception {
    remote.commitAndPush("initial");
    run(
        "ssh-keygen",
        "-q",
        "-t",
        "ecdsa",
        "-b",
        "256",
        "-N",
        "",
        "-f",
        dir.resolve("other_key").toString());
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(
        knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("other_key.pub")));

    try (GitSource source = GitSource.open(settings(knownHosts), Clock.systemUTC())) {
      FetchStatus status = source.fetch();

      assertThat(status.everSucceeded()).isFalse();
      assertThat(status.problem())
          .hasValueSatisfying(p -> assertThat(p).startsWith("git fetch failing since"));
    }
  }

  private RepoSettings settings(Path knownHosts) {
    String url =
        "ssh://"
            + System.getProperty("user.name")
            + "@127.0.0.1:"
            + port
            + remote.bare().toAbsolutePath();
    return new RepoSettings(
        url,
        "main",
        dir.resolve("state/git-mirror.git"),
        dir.resolve("client_key"),
        knownHosts,
        null,
        null,
        Duration.ofSeconds(60));
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("sshd.log"));
    } catch (IOException e) {
      return "";
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void waitForPort() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!sshd.isAlive()) {
        throw new IllegalStateException(
            "sshd exited: " + Files.readString(dir.resolve("sshd.out")) + log());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("sshd did not listen on " + port);
  }
}
