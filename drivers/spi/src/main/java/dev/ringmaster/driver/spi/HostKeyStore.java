package dev.ringmaster.driver.spi;

import java.util.Optional;

/**
 * Where host keys accepted on first use are recorded, so that later connections pin them. Keys are
 * OpenSSH public key text ({@code ssh-ed25519 AAAA...}). Implementations must be thread-safe and
 * durable once {@link #record} returns. The reconciler backs it with its state store (the NixOS
 * driver also offers a file-backed one).
 */
public interface HostKeyStore {
  /** The key recorded for {@code host:port}, if any. */
  Optional<String> find(String host, int port);

  /** Records the key of {@code host:port}, replacing none (callers record unknown hosts only). */
  void record(String host, int port, String publicKey);

  /** A store that remembers nothing and refuses to record: trust on first use cannot work. */
  HostKeyStore NONE =
      new HostKeyStore() {
        @Override
        public Optional<String> find(String host, int port) {
          return Optional.empty();
        }

        @Override
        public void record(String host, int port, String publicKey) {
          throw new UnsupportedOperationException("no host key store configured");
        }
      };
}
