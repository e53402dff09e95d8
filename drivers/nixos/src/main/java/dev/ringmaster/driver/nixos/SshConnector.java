package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.driver.spi.HostKeyStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Opens authenticated connections to guests: host key pinned ({@link PinnedHostKeyVerifier}),
 * public key authentication only. Thread-safe. A refused host key fails before anything is sent.
 */
final class SshConnector {
  private final NixosDriverOptions options;
  private final HostKeyStore store;
  private final DefaultConfig config = new DefaultConfig();

  SshConnector(NixosDriverOptions options, HostKeyStore store) {
    this.options = options;
    this.store = store;
  }

  SshConnection open(GuestTarget target) {
    PinnedHostKeyVerifier verifier = verifier();
    SSHClient client = new SSHClient(config);
    try {
      KeyProvider key = loadKey(client);
      client.addHostKeyVerifier(verifier);
      client.setConnectTimeout((int) options.connectTimeout().toMillis());
      connect(client, target, verifier);
      authenticate(client, target, key);
      return new SshConnection(client, target, options.outputTailLines());
    } catch (RuntimeException e) {
      new SshConnection(client, target, 1).close();
      throw e;
    }
  }

  private PinnedHostKeyVerifier verifier() {
    try {
      return new PinnedHostKeyVerifier(options.knownHosts(), store, options.trustOnFirstUse());
    } catch (IOException e) {
      throw DriverException.terminal(
          "cannot read known_hosts " + options.knownHosts() + ": " + e.getMessage(), e);
    }
  }

  private KeyProvider loadKey(SSHClient client) {
    try {
      return client.loadKeys(options.privateKey().toString());
    } catch (IOException e) {
      throw DriverException.terminal(
          "cannot load SSH key " + options.privateKey() + ": " + e.getMessage(), e);
    }
  }

  private static void connect(SSHClient client, GuestTarget t, PinnedHostKeyVerifier verifier) {
    try {
      client.connect(t.address(), t.port());
    } catch (IOException e) {
      throw connectFailure(t, verifier.outcome(), e);
    }
  }

  private static void authenticate(SSHClient client, GuestTarget t, KeyProvider key) {
    try {
      client.authPublickey(t.user(), key);
    } catch (UserAuthException e) {
      throw DriverException.terminal(
          "SSH key refused for " + t.user() + "@" + where(t) + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw DriverException.transientFailure(
          "SSH authentication with " + where(t) + " broke off: " + e.getMessage(), e);
    }
  }

  private static DriverException connectFailure(
      GuestTarget t, PinnedHostKeyVerifier.Outcome outcome, IOException e) {
    return switch (outcome) {
      case CHANGED ->
          DriverException.terminal(
              "host key of "
                  + where(t)
                  + " has CHANGED; refusing to connect, nothing was sent (if the VM was reinstalled,"
                  + " remove its old key from known_hosts and the host key store)",
              e);
      case UNKNOWN ->
          DriverException.terminal(
              "host key of "
                  + where(t)
                  + " is unknown: not in known_hosts and trust-on-first-use is off; add the key to"
                  + " known_hosts",
              e);
      case NOT_CHECKED, PINNED, RECORDED_ON_FIRST_USE -> unreachable(t, e);
    };
  }

  private static DriverException unreachable(GuestTarget t, IOException e) {
    String reason =
        e instanceof ConnectException
                || e instanceof SocketTimeoutException
                || e instanceof NoRouteToHostException
                || e instanceof UnknownHostException
            ? "unreachable"
            : "SSH connection failed";
    return DriverException.transientFailure(
        where(t) + " " + reason + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  static String where(GuestTarget t) {
    return t.vm() + " (" + t.address() + ":" + t.port() + ")";
  }
}
