package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ringmaster.driver.nixos.testing.GuestRoot;
import dev.ringmaster.driver.nixos.testing.OpenSshServer;
import dev.ringmaster.driver.spi.ActivationFailedException;
import dev.ringmaster.driver.spi.ActivationResult;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestAccount;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.GuestDriverContract;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against a real OpenSSH sshd on loopback. The guest is a test root in a temp dir: the
 * config path, the activation command (a script) and the observe commands point into it.
 */
class NixosGuestDriverIT {
  private static OpenSshServer server;
  private static Path pinned;

  @TempDir static Path serverDir;
  @TempDir Path dir;
  private GuestRoot guest;

  @BeforeAll
  static void startServer() throws Exception {
    server = OpenSshServer.start(serverDir.resolve("sshd"));
    pinned = server.knownHosts("known_hosts", List.of(server.knownHostsLine(server.hostKey())));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void makeGuest() throws IOException {
    guest = new GuestRoot(dir.resolve("guest"));
  }

  private NixosDriverOptions options() {
    String q = "'";
    return NixosDriverOptions.defaults(server.clientKey(), pinned)
        .withConfigPath(guest.configPath())
        .withActivation(guest.activationCommand(), Duration.ofSeconds(120))
        .withObserveCommands(
            "readlink " + q + guest.root().resolve("nix/var/nix/profiles/system") + q,
            "cat " + q + guest.passwd() + q,
            "cat " + q + guest.group() + q)
        .withHomeRoot(guest.root().resolve("srv").toString());
  }

  private NixosGuestDriver driver(NixosDriverOptions options) {
    return new NixosGuestDriver(options, HostKeyStore.NONE);
  }

  private static GuestTarget target(int port) {
    return new GuestTarget("myapp00", "127.0.0.1", port, System.getProperty("user.name"));
  }

  private static String doc(String marker) {
    return GuestDriverContract.document(marker);
  }

  private static String hash(String json) {
    return HostConfigJson.contentHashOf(json);
  }

  private ActivationResult apply(NixosGuestDriver d, String doc) {
    return d.apply(target(server.port()), doc, hash(doc));
  }

  /** The SPI contract, against the same sshd and a fresh test root per test. */
  @Nested
  class Contract extends GuestDriverContract {
    @Override
    protected GuestDriver driver() {
      return NixosGuestDriverIT.this.driver(options());
    }

    @Override
    protected GuestTarget reachable() {
      return target(server.port());
    }

    @Override
    protected GuestTarget unreachable() {
      try {
        return target(OpenSshServer.freePort());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    protected List<String> activatedMarkers() {
      try {
        return guest.activations().stream().map(l -> l.substring("activate ".length())).toList();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void uploadsAndActivates() throws IOException {
    ActivationResult r = apply(driver(options()), doc("v1"));

    assertThat(r.success()).isTrue();
    assertThat(r.exitStatus()).isZero();
    assertThat(r.outputTail()).contains("activating the configuration v1");
    assertThat(Files.readString(guest.config())).isEqualTo(doc("v1"));
    assertThat(guest.activations()).containsExactly("activate v1");
    assertThat(Path.of(guest.configPath() + ".new")).doesNotExist();
  }

  @Test
  void replacesAndKeepsThePrevious() throws IOException {
    NixosGuestDriver d = driver(options());
    apply(d, doc("v1"));
    apply(d, doc("v2"));

    assertThat(Files.readString(guest.config())).isEqualTo(doc("v2"));
    assertThat(Files.readString(Path.of(guest.configPath() + ".previous"))).isEqualTo(doc("v1"));
    assertThat(guest.activations()).containsExactly("activate v1", "activate v2");
  }

  @Test
  void aFailedUploadLeavesTheInstalledConfigIntact() throws IOException {
    NixosGuestDriver d = driver(options());
    apply(d, doc("v1"));
    Files.createDirectories(Path.of(guest.configPath() + ".new"));

    DriverException e = catchThrowableOfType(() -> apply(d, doc("v2")), DriverException.class);

    assertThat(e).hasMessageContaining("cannot upload");
    assertThat(Files.readString(guest.config())).isEqualTo(doc("v1"));
    assertThat(guest.activations()).containsExactly("activate v1");
  }

  @Test
  void aFailedActivationRestoresAndReactivatesThePrevious() throws IOException {
    NixosGuestDriver d = driver(options());
    apply(d, doc("v1"));

    ActivationFailedException e =
        catchThrowableOfType(() -> apply(d, doc("FAIL2")), ActivationFailedException.class);

    assertThat(e.retryable()).isFalse();
    assertThat(e.result().success()).isFalse();
    assertThat(e.result().exitStatus()).isEqualTo(3);
    assertThat(e.result().rolledBack()).isTrue();
    assertThat(e.result().outputTail())
        .contains("building the system configuration for FAIL2")
        .contains("attribute 'postgresql17' missing");
    assertThat(e.result().rollbackOutputTail()).contains("activating the configuration v1");
    assertThat(e).hasMessageContaining("exit status 3").hasMessageContaining("postgresql17");
    assertThat(Files.readString(guest.config())).isEqualTo(doc("v1"));
    assertThat(Files.readString(Path.of(guest.configPath() + ".failed"))).isEqualTo(doc("FAIL2"));
    assertThat(guest.activations()).containsExactly("activate v1", "activate FAIL2", "activate v1");
  }

  @Test
  void aFailedFirstActivationHasNothingToRestore() throws IOException {
    ActivationFailedException e =
        catchThrowableOfType(
            () -> apply(driver(options()), doc("FAIL1")), ActivationFailedException.class);

    assertThat(e.result().rolledBack()).isFalse();
    assertThat(e).hasMessageContaining("no previous config");
    assertThat(guest.config()).doesNotExist();
    assertThat(guest.activations()).containsExactly("activate FAIL1");
  }

  @Test
  void aHangingActivationTimesOutAndIsRolledBack() throws IOException {
    NixosGuestDriver d =
        driver(options().withActivation(guest.activationCommand(), Duration.ofSeconds(3)));
    apply(d, doc("v1"));

    ActivationFailedException e =
        catchThrowableOfType(() -> apply(d, doc("HANG2")), ActivationFailedException.class);

    assertThat(e.result().timedOut()).isTrue();
    assertThat(e.retryable()).isTrue();
    assertThat(e.result().rolledBack()).isTrue();
    assertThat(e).hasMessageContaining("timed out");
    assertThat(Files.readString(guest.config())).isEqualTo(doc("v1"));
    assertThat(guest.activations()).containsExactly("activate v1", "activate HANG2", "activate v1");
  }

  @Test
  void observesHashGenerationAndUsers() throws IOException {
    NixosGuestDriver d = driver(options());
    GuestObservation before = d.observe(target(server.port()));
    apply(d, doc("v1"));

    GuestObservation after = d.observe(target(server.port()));

    assertThat(before.configHash()).isNull();
    assertThat(after.configHash()).isEqualTo(hash(doc("v1")));
    assertThat(after.generation()).isEqualTo("system-42-link");
    assertThat(after.users())
        .containsExactly(
            new GuestAccount("alice", 1001, List.of("login", "sudo-srv", "users")),
            new GuestAccount("s-myapp", 60123, List.of("service")));
    assertThat(after.attributes())
        .containsEntry("users", "alice:1001,s-myapp:60123")
        .containsEntry("groups", "alice:login+sudo-srv+users,s-myapp:service");
  }

  @Test
  void aUserAddedByHandAndAHandEditShowUp() throws IOException {
    NixosGuestDriver d = driver(options());
    apply(d, doc("v1"));
    Files.writeString(
        guest.passwd(),
        "mallory:x:1666:100::/home/mallory:/bin/sh\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(guest.config(), doc("v1").replace("v1", "v9"));

    GuestObservation o = d.observe(target(server.port()));

    assertThat(o.users()).extracting(GuestAccount::name).contains("mallory");
    assertThat(o.attributes().get("users")).isEqualTo("alice:1001,mallory:1666,s-myapp:60123");
    assertThat(o.configHash()).isNotEqualTo(hash(doc("v1")));
  }

  @Test
  void anUnknownHostKeyIsRefusedAndNothingIsSent() throws IOException {
    Path empty = server.knownHosts("empty_known_hosts", List.of());
    NixosGuestDriver d = driver(options().withKnownHosts(empty));

    DriverException e = catchThrowableOfType(() -> apply(d, doc("v1")), DriverException.class);

    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("unknown");
    assertThat(guest.config()).doesNotExist();
    assertThat(guest.activations()).isEmpty();
  }

  @Test
  void aChangedHostKeyIsRefusedAndNothingIsSent() throws Exception {
    Path other = dir.resolve("other_ed25519");
    OpenSshServer.keygen(other);
    String otherKey =
        String.join(
            " ", List.of(Files.readString(Path.of(other + ".pub")).split(" ")).subList(0, 2));
    Path wrong = server.knownHosts("wrong_known_hosts", List.of(server.knownHostsLine(otherKey)));
    NixosGuestDriver d = driver(options().withKnownHosts(wrong));

    DriverException e = catchThrowableOfType(() -> apply(d, doc("v1")), DriverException.class);

    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("is not the pinned one");
    assertThat(guest.config()).doesNotExist();
    assertThat(guest.activations()).isEmpty();
  }

  @Test
  void trustOnFirstUseRecordsTheKeyAndThenPinsIt() throws Exception {
    Path empty = server.knownHosts("tofu_known_hosts", List.of());
    FileHostKeyStore store = new FileHostKeyStore(dir.resolve("hostkeys"));
    NixosGuestDriver d =
        new NixosGuestDriver(options().withKnownHosts(empty).withTrustOnFirstUse(true), store);

    d.observe(target(server.port()));

    assertThat(store.find("127.0.0.1", server.port())).contains(server.hostKey());

    Path other = dir.resolve("other_ed25519");
    OpenSshServer.keygen(other);
    String otherKey =
        String.join(
            " ", List.of(Files.readString(Path.of(other + ".pub")).split(" ")).subList(0, 2));
    FileHostKeyStore changed = new FileHostKeyStore(dir.resolve("changed"));
    changed.record("127.0.0.1", server.port(), otherKey);
    NixosGuestDriver pinnedByStore =
        new NixosGuestDriver(options().withKnownHosts(empty).withTrustOnFirstUse(true), changed);

    DriverException e =
        catchThrowableOfType(() -> apply(pinnedByStore, doc("v1")), DriverException.class);

    assertThat(e).hasMessageContaining("is not the pinned one");
    assertThat(changed.find("127.0.0.1", server.port())).contains(otherKey);
    assertThat(guest.activations()).isEmpty();
  }

  @Test
  void connectionRefusedIsRetryable() throws IOException {
    int closed = OpenSshServer.freePort();

    DriverException e =
        catchThrowableOfType(
            () -> driver(options()).observe(target(closed)), DriverException.class);

    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessageContaining("unreachable");
  }

  @Test
  void aRefusedKeyIsTerminal() throws Exception {
    Path stranger = dir.resolve("stranger_ed25519");
    OpenSshServer.keygen(stranger);
    NixosDriverOptions o = options();
    NixosDriverOptions strangerOptions =
        new NixosDriverOptions(
            o.configPath(),
            o.activationCommand(),
            o.activationTimeout(),
            o.connectTimeout(),
            o.commandTimeout(),
            stranger,
            o.knownHosts(),
            false,
            o.generationCommand(),
            o.passwdCommand(),
            o.groupCommand(),
            o.managedUidMin(),
            o.managedUidMax(),
            o.outputTailLines(),
            o.defaultPort(),
            o.defaultUser());

    DriverException e =
        catchThrowableOfType(
            () -> apply(driver(strangerOptions), doc("v1")), DriverException.class);

    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("refused");
    assertThat(guest.activations()).isEmpty();
  }

  @Test
  void aDocumentThatDoesNotMatchItsHashIsNotSent() {
    DriverException e =
        catchThrowableOfType(
            () -> driver(options()).apply(target(server.port()), doc("v1"), "0".repeat(64)),
            DriverException.class);

    assertThat(e.retryable()).isFalse();
    assertThat(guest.config()).doesNotExist();
  }

  @Test
  void aRetiredServiceUsersHomeIsKeptUntilItIsRemovedForGood() throws IOException {
    NixosGuestDriver d = driver(options());
    Path home = guest.root().resolve("srv/s-myapp");
    Files.createDirectories(home.resolve("data"));
    Files.writeString(home.resolve("data/orders.db"), "orders");
    Path other = Files.createDirectories(guest.root().resolve("srv/s-other"));
    String retired =
        HostConfigJson.withRetiredServiceUsers(
            doc("retire"),
            List.of(
                dev.ringmaster.model.hostconfig.HostRetiredServiceUser.of(
                    "s-myapp", 60123, java.time.Instant.parse("2026-11-25T10:00:00Z"))));

    apply(d, retired);

    assertThat(home.resolve("data/orders.db")).hasContent("orders");
    assertThat(Files.readString(guest.config())).contains("retiredServiceUsers");

    d.removeServiceHome(target(server.port()), "s-myapp");
    d.removeServiceHome(target(server.port()), "s-myapp");

    assertThat(home).doesNotExist();
    assertThat(other).isDirectory();
  }

  @Test
  void aNameThatIsNotAServiceUsersIsNeverSentToTheShell() throws IOException {
    Path victim = Files.createDirectories(guest.root().resolve("srv/x"));

    DriverException e =
        catchThrowableOfType(
            () -> driver(options()).removeServiceHome(target(server.port()), "s-a/../../x"),
            DriverException.class);

    assertThat(e.retryable()).isFalse();
    assertThat(victim).isDirectory();
  }
}
