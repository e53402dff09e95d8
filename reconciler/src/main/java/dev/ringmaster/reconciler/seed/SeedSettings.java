package dev.ringmaster.reconciler.seed;

import dev.ringmaster.driver.nixos.ClientKeys;
import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.model.RingmasterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link SeedWriter} from the guest driver's keys: {@code <prefix>management-key} names
 * an OpenSSH public key file (one or more keys, one a line) that is authorised for root in every
 * new VM; it defaults to {@code <prefix>private-key} with {@code .pub} appended, else the public
 * half of that private key. Pins go to the same host key store the guest driver verifies against.
 * Pure apart from reading that file.
 */
public final class SeedSettings {
  /** The prefix of the guest driver's keys, which the seed's management key shares. */
  public static final String PREFIX = "ringmaster.nixos.";

  private SeedSettings() {}

  /**
   * @throws RingmasterException naming the key when the file cannot be read or holds no key
   */
  public static SeedWriter writer(Map<String, String> config, String prefix, HostKeyStore pins) {
    String configured = config.get(prefix + "management-key");
    String privateKey = config.get(prefix + "private-key");
    String key = prefix + "management-key";
    Path file;
    if (configured != null && !configured.isBlank()) {
      file = Path.of(configured.trim());
    } else if (privateKey != null && !privateKey.isBlank()) {
      file = Path.of(privateKey.trim() + ".pub");
      Path pub = file;
      Path priv = Path.of(privateKey.trim());
      String label = prefix + "management-key (default " + file + ")";
      return new SeedWriter(
          () -> Files.exists(pub) ? publicKeys(pub, label) : List.of(ClientKeys.publicKeyOf(priv)),
          pins);
    } else {
      throw new RingmasterException(prefix + "management-key or private-key is required");
    }
    Path chosen = file;
    String label = key;
    return new SeedWriter(() -> publicKeys(chosen, label), pins);
  }

  static List<String> publicKeys(Path file, String key) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RingmasterException(key + ": cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.contains("PRIVATE KEY")) {
        throw new RingmasterException(
            key + ": " + file + " holds a private key; name the public key (.pub) file");
      }
      if (!line.matches("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\\d+) [A-Za-z0-9+/=]+( .*)?$")) {
        throw new RingmasterException(
            key + ": " + file + ":" + (i + 1) + ": not an OpenSSH public key");
      }
      keys.add(line);
    }
    if (keys.isEmpty()) {
      throw new RingmasterException(key + ": " + file + " holds no public key");
    }
    return keys;
  }
}
