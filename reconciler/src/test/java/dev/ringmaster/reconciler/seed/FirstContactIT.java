package dev.ringmaster.reconciler.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.nixos.NixosDriverOptions;
import dev.ringmaster.driver.nixos.NixosGuestDriver;
import dev.ringmaster.driver.nixos.testing.OpenSshServer;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestBootingException;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.state.StoreHostKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first SSH contact with a new guest against a real OpenSSH {@code sshd} on loopback: the host
 * key Ringmaster generated for the seed is what sshd presents and is verified against the pin (no
 * trust on first use); a guest that does not answer yet is booting; one that comes up while the
 * driver waits is reached; any other host key is refused naming both fingerprints.
 */
class FirstContactIT {
  @TempDir Path dir;
  private StateStore store;
  private OpenSshServer server;

  @BeforeEach
  void open() {
    store = StateStore.open(dir.resolve("state"));
  }

  @AfterEach
  void close() throws InterruptedException {
    if (server != null) {
      server.close();
    }
    store.close();
  }

  @Test
  void theGeneratedHostKeyIsPresentedAndVerifiedAgainstItsPin() throws Exception {
    HostKeyPair keys = HostKeyPair.generate();
    int port = OpenSshServer.freePort();
    Path sshd = withHostKey(keys);
    server = OpenSshServer.start(sshd, port);
    new StoreHostKeys(store).record("127.0.0.1", port, keys.publicKey());

    driver(sshd, Duration.ofSeconds(30)).awaitBoot(target(port));

    assertThat(server.hostKey()).isEqualTo(keys.publicKey());
  }

  @Test
  void aGuestThatDoesNotAnswerIsBootingNotFailed() throws Exception {
    int port = OpenSshServer.freePort();
    long t0 = System.nanoTime();
    Path sshd = withHostKey(HostKeyPair.generate());
    assertThatThrownBy(() -> driver(sshd, Duration.ofSeconds(4)).awaitBoot(target(port)))
        .isInstanceOf(GuestBootingException.class)
        .hasMessageContaining("is booting")
        .hasMessageContaining("boot timeout of 4 s");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
  }

  @Test
  void aGuestThatComesUpWhileWaitingIsReached() throws Exception {
    HostKeyPair keys = HostKeyPair.generate();
    int port = OpenSshServer.freePort();
    new StoreHostKeys(store).record("127.0.0.1", port, keys.publicKey());
    Path sshd = withHostKey(keys);
    CompletableFuture<OpenSshServer> later =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                Thread.sleep(3000);
                return OpenSshServer.start(sshd, port);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long t0 = System.nanoTime();
    driver(sshd, Duration.ofSeconds(90)).awaitBoot(target(port));
    server = later.get(60, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofSeconds(2));
  }

  @Test
  void anyOtherHostKeyIsRefusedAtOnceNamingBothFingerprints() throws Exception {
    HostKeyPair presented = HostKeyPair.generate();
    HostKeyPair pinned = HostKeyPair.generate();
    int port = OpenSshServer.freePort();
    Path sshd = withHostKey(presented);
    server = OpenSshServer.start(sshd, port);
    new StoreHostKeys(store).record("127.0.0.1", port, pinned.publicKey());

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> driver(sshd, Duration.ofSeconds(60)).awaitBoot(target(port)))
        .isInstanceOfSatisfying(
            DriverException.class,
            e -> {
              assertThat(e).isNotInstanceOf(GuestBootingException.class);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining("myapp00 (127.0.0.1:" + port + ")")
        .hasMessageContaining("expected " + pinned.fingerprint())
        .hasMessageContaining("presented " + presented.fingerprint());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }

  private Path withHostKey(HostKeyPair keys) throws Exception {
    Path sshd = dir.resolve("sshd-" + System.nanoTime());
    Files.createDirectories(sshd);
    Path key = sshd.resolve("host_ed25519");
    Files.writeString(key, keys.privateKeyOpenSsh("root@myapp00"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(sshd.resolve("host_ed25519.pub"), keys.publicKey("root@myapp00") + "\n");
    OpenSshServer.keygen(sshd.resolve("client_ed25519"));
    return sshd;
  }

  /** The driver logging in with the client key that sshd in {@code sshd} authorises. */
  private NixosGuestDriver driver(Path sshd, Duration bootTimeout) {
    return new NixosGuestDriver(
        NixosDriverOptions.defaults(sshd.resolve("client_ed25519"), null),
        new StoreHostKeys(store),
        bootTimeout);
  }

  private static GuestTarget target(int port) {
    return new GuestTarget("myapp00", "127.0.0.1", port, System.getProperty("user.name"));
  }
}
