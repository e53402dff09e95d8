package dev.ringmaster.driver.libvirt;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a remote libvirt URI's SSH transport connects: host (as written, without brackets), port
 * (22 unless given) and user (null: the local user name). Immutable.
 */
record SshTarget(String host, int port, String user) {
  static final int DEFAULT_PORT = 22;

  static SshTarget of(String libvirtUri) {
    try {
      URI uri = new URI(libvirtUri);
      String host = uri.getHost();
      if (host == null || host.isEmpty()) {
        throw new IllegalArgumentException("the URI " + libvirtUri + " names no host");
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new SshTarget(
          host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), uri.getUserInfo());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "the URI " + libvirtUri + " is not valid: " + e.getMessage(), e);
    }
  }

  /** {@code host:port} for messages. */
  String where() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The host as a known_hosts line names it: {@code host}, or {@code [host]:port} off port 22. */
  String knownHostsName() {
    return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
  }
}
