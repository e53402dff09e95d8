package dev.ringmaster.driver.nixos;

import dev.ringmaster.model.RingmasterException;
import java.io.IOException;
import java.nio.file.Path;
import net.schmizz.sshj.SSHClient;

/** The public half of the driver's client key, as OpenSSH text. Thread-safe; reads the file. */
public final class ClientKeys {
  private ClientKeys() {}

  /**
   * {@code ssh-ed25519 AAAA...} of the private key file {@code privateKey} (unencrypted).
   *
   * @throws RingmasterException when the file cannot be read as a private key
   */
  public static String publicKeyOf(Path privateKey) {
    try (SSHClient client = new SSHClient()) {
      return PinnedHostKeyVerifier.encode(client.loadKeys(privateKey.toString()).getPublic());
    } catch (IOException | RuntimeException e) {
      throw new RingmasterException(
          "cannot read the public half of SSH key " + privateKey + ": " + e.getMessage(), e);
    }
  }
}
