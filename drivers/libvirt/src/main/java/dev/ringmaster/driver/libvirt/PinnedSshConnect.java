package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.driver.spi.SshFingerprint;
import dev.ringmaster.model.Hypervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.libvirt.LibvirtException;

/**
 * Opens a {@code qemu+libssh://} connection whose host key is pinned: the key comes from the
 * hypervisor's {@code hostKey} or, failing that, from the host key store ({@code host:port} of the
 * URI). First a key exchange with the host ({@link HostKeyProbe}) learns the presented key within
 * the connect timeout; an unpinned or different key is refused naming the hypervisor, the address
 * and both fingerprints. Then libvirt connects with {@code known_hosts=} a private file (mode 0600)
 * holding exactly the pinned key, {@code no_verify=0}, and Ringmaster's key file when one is set
 * ({@code sshauth=privkey}); the file is deleted once libvirt has connected. Stateless.
 */
final class PinnedSshConnect {
  private PinnedSshConnect() {}

  static RawConnect open(Hypervisor hypervisor, HypervisorSettings settings)
      throws LibvirtException {
    return open(hypervisor.name(), hypervisor.uri(), hypervisor.hostKey(), settings);
  }

  /**
   * As {@link #open(Hypervisor, HypervisorSettings)} for the hypervisor {@code name} at {@code uri}
   * whose fleet pin is {@code hostKey} (nullable).
   */
  static RawConnect open(String name, String uri, String hostKey, HypervisorSettings settings)
      throws LibvirtException {
    SshTarget target = target(name, uri);
    Optional<String> pinned = pinned(hostKey, target, settings);
    String presented =
        HostKeyProbe.presentedKey(name, target, pinned.orElse(null), settings.connectTimeout());
    if (pinned.isEmpty()) {
      throw DriverException.terminal(
          name
              + ": the SSH host key of "
              + target.where()
              + " is not pinned (pinned: none, presented: "
              + SshFingerprint.of(presented)
              + "); refusing to connect. Pin the host's key with hostKey: in the hypervisor's"
              + " definition after checking it on the host (ssh-keygen -lf"
              + " /etc/ssh/ssh_host_ed25519_key.pub)",
          null);
    }
    if (!pinned.get().equals(presented)) {
      throw DriverException.terminal(
          name
              + ": the SSH host key of "
              + target.where()
              + " is not the pinned one: pinned "
              + SshFingerprint.of(pinned.get())
              + ", presented "
              + SshFingerprint.of(presented)
              + "; refusing to connect. If the host was reinstalled, check its new key on the"
              + " host and update hostKey",
          null);
    }
    Path knownHosts = writeKnownHosts(target, pinned.get());
    try {
      return new RawConnect(uri(uri, knownHosts, settings));
    } finally {
      try {
        Files.deleteIfExists(knownHosts);
      } catch (IOException e) {
        // a leftover file holds only a public key
      }
    }
  }

  private static SshTarget target(String name, String uri) {
    try {
      return SshTarget.of(uri);
    } catch (IllegalArgumentException e) {
      throw DriverException.terminal(name + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> pinned(
      String hostKey, SshTarget target, HypervisorSettings settings) {
    if (hostKey != null) {
      return Optional.of(normalized(hostKey));
    }
    return settings.hostKeys().find(target.host(), target.port()).map(PinnedSshConnect::normalized);
  }

  /** {@code type base64} without a comment. */
  static String normalized(String key) {
    String[] parts = key.trim().split("\\s+");
    return parts.length >= 2 ? parts[0] + " " + parts[1] : key.trim();
  }

  /** The fleet's URI with Ringmaster's verification parameters appended. */
  static String uri(String uri, Path knownHosts, HypervisorSettings settings) {
    StringBuilder out = new StringBuilder(uri);
    out.append(uri.contains("?") ? '&' : '?');
    out.append("known_hosts=").append(encode(knownHosts.toString()));
    out.append("&no_verify=0");
    if (settings.sshKey() != null) {
      out.append("&keyfile=").append(encode(settings.sshKey().toString()));
      out.append("&sshauth=privkey");
    }
    return out.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
  }

  private static Path writeKnownHosts(SshTarget target, String key) {
    try {
      Path file =
          Files.createTempFile(
              "ringmaster-hypervisor-",
              ".known_hosts",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, target.knownHostsName() + " " + key + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a known_hosts file for " + target.where(), e);
    }
  }
}
