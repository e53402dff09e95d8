package dev.ringmaster.reconciler.state;

import dev.ringmaster.driver.spi.HostKeyStore;
import java.util.Locale;
import java.util.Optional;

/**
 * Host keys accepted on first use, kept in the state store's {@code kv} area under {@code
 * hostkey/<host>:<port>} (host lower-cased). Durable once {@link #record} returns (the store syncs
 * its writes); thread-safe as the store is.
 */
public final class StoreHostKeys implements HostKeyStore {
  public static final String PREFIX = "hostkey/";
  private final StateStore store;

  public StoreHostKeys(StateStore store) {
    if (store == null) {
      throw new IllegalArgumentException("store is required");
    }
    this.store = store;
  }

  static String key(String host, int port) {
    return PREFIX + host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  @Override
  public Optional<String> find(String host, int port) {
    return store.get(key(host, port));
  }

  @Override
  public void record(String host, int port, String publicKey) {
    store.put(key(host, port), publicKey.trim());
  }
}
