package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.model.RingmasterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link HostKeyStore} in a text file, one {@code host port keytype base64} line per host.
 * Thread-safe within one process; each record rewrites the file atomically (temp file + rename).
 */
public final class FileHostKeyStore implements HostKeyStore {
  private final Path file;

  public FileHostKeyStore(Path file) {
    this.file = file;
  }

  @Override
  public synchronized Optional<String> find(String host, int port) {
    String prefix = host + " " + port + " ";
    return lines().stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst();
  }

  @Override
  public synchronized void record(String host, int port, String publicKey) {
    if (host.contains(" ") || publicKey.contains("\n")) {
      throw new RingmasterException("refusing to record a malformed host key for " + host);
    }
    List<String> lines = new ArrayList<>(lines());
    lines.removeIf(l -> l.startsWith(host + " " + port + " "));
    lines.add(host + " " + port + " " + publicKey);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new RingmasterException("cannot record host key in " + file + ": " + e.getMessage(), e);
    }
  }

  private List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new RingmasterException(
          "cannot read host keys from " + file + ": " + e.getMessage(), e);
    }
  }
}
