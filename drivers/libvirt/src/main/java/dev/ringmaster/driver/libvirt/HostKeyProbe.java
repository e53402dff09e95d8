package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DriverException;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Learns the host key an SSH server presents: a key exchange with SSHJ, then disconnect, with no
 * authentication and no channel, so nothing but the key exchange is ever sent whatever the key is;
 * the caller compares it with the pin. Blocking, bounded by the timeout; thread-safe (one client
 * per call).
 */
final class HostKeyProbe {
  private HostKeyProbe() {}

  /**
   * The key {@code target} presents, as OpenSSH text ({@code ssh-ed25519 AAAA...}), offering the
   * algorithm of {@code pinned} first (nullable). Fails with a retryable {@link DriverException}
   * naming {@code hypervisor} when the host cannot be reached within {@code timeout}.
   */
  static String presentedKey(String hypervisor, SshTarget target, String pinned, Duration timeout) {
    Capture capture = new Capture(pinned);
    SSHClient client = new SSHClient(new DefaultConfig());
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    client.setConnectTimeout(millis);
    client.setTimeout(millis);
    client.getTransport().setTimeoutMs(millis);
    client.addHostKeyVerifier(capture);
    try {
      client.connect(target.host(), target.port());
    } catch (IOException e) {
      if (capture.presented == null) {
        throw DriverException.transientFailure(
            hypervisor
                + ": cannot reach the SSH server "
                + target.where()
                + " within "
                + timeout.toSeconds()
                + " s: "
                + e.getMessage(),
            e);
      }
    } finally {
      try {
        client.disconnect();
      } catch (IOException e) {
        // the probe is over either way
      }
    }
    return capture.presented;
  }

  /** OpenSSH public key text of {@code key}. */
  static String encode(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    return KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob);
  }

  private static final class Capture implements HostKeyVerifier {
    private final String pinned;
    private volatile String presented;

    Capture(String pinned) {
      this.pinned = pinned;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
      presented = encode(key);
      return true;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
      return pinned == null ? List.of() : List.of(pinned.split(" ", 2)[0]);
    }
  }
}
