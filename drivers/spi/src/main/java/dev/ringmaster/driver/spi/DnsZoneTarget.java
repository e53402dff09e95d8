package dev.ringmaster.driver.spi;

/**
 * How to reach one DNS zone: the zone, the authoritative server that accepts RFC 2136 updates and
 * zone transfers for it, the TSIG key (name, algorithm and where its secret is read at run time: a
 * file or an environment variable, never the secret itself), the TTL of the records Ringmaster
 * writes, and the ownership id it marks its names with. Immutable; {@link #toString()} is safe to
 * log (it holds no secret).
 *
 * @param server the server's address or host name; null when it is read from {@code serverEnv}
 * @param serverEnv the environment variable that holds the server's address on the machine that
 *     runs Ringmaster ({@code host} or {@code host:port}); null when {@code server} is given. A
 *     zone whose variable is unset is not configured on that machine: see {@link #address}
 */
public record DnsZoneTarget(
    String zone,
    String server,
    String serverEnv,
    int port,
    String keyName,
    String algorithm,
    String secretFile,
    String secretEnv,
    int ttl,
    String owner) {
  public DnsZoneTarget {
    if ((server == null) == (serverEnv == null)) {
      throw new IllegalArgumentException("exactly one of server and serverEnv is required");
    }
    if (zone == null || keyName == null || algorithm == null || owner == null) {
      throw new IllegalArgumentException("zone, keyName, algorithm and owner are required");
    }
    if ((secretFile == null) == (secretEnv == null)) {
      throw new IllegalArgumentException("exactly one of secretFile and secretEnv is required");
    }
    if (port < 1 || port > 65535 || ttl < 1) {
      throw new IllegalArgumentException("port must be 1..65535 and ttl positive");
    }
  }

  /** A target whose server address is written out. */
  public DnsZoneTarget(
      String zone,
      String server,
      int port,
      String keyName,
      String algorithm,
      String secretFile,
      String secretEnv,
      int ttl,
      String owner) {
    this(zone, server, null, port, keyName, algorithm, secretFile, secretEnv, ttl, owner);
  }

  /** The same server and key for another zone (a reverse zone of the same server). */
  public DnsZoneTarget forZone(String otherZone) {
    return new DnsZoneTarget(
        otherZone, server, serverEnv, port, keyName, algorithm, secretFile, secretEnv, ttl, owner);
  }

  /** A server address and port. */
  public record Address(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /**
   * Where the server is, given the environment variables of this process: {@link #server} and
   * {@link #port}, or the value of {@link #serverEnv} ({@code host}, {@code host:port}, {@code
   * [v6]:port}). Empty when the variable is unset or blank: the zone is not configured here. Pure.
   */
  public java.util.Optional<Address> address(java.util.Map<String, String> environment) {
    if (server != null) {
      return java.util.Optional.of(new Address(server, port));
    }
    String value = environment.get(serverEnv);
    if (value == null || value.isBlank()) {
      return java.util.Optional.empty();
    }
    value = value.trim();
    int colon = value.lastIndexOf(':');
    boolean v6 = value.indexOf(':') != colon || value.startsWith("[");
    if (colon > 0 && (!v6 || value.startsWith("[")) && value.charAt(colon - 1) != ':') {
      String host = value.substring(0, colon).replace("[", "").replace("]", "");
      try {
        return java.util.Optional.of(
            new Address(host, Integer.parseInt(value.substring(colon + 1))));
      } catch (NumberFormatException e) {
        return java.util.Optional.of(new Address(value, port));
      }
    }
    return java.util.Optional.of(new Address(value.replace("[", "").replace("]", ""), port));
  }

  /** Where the server is configured, for messages: the address or {@code $VARIABLE}. */
  public String serverSource() {
    return server != null ? server + ":" + port : "$" + serverEnv;
  }

  /** Where the secret is read from, for messages: {@code file PATH} or {@code $VARIABLE}. */
  public String secretSource() {
    return secretFile != null ? "file " + secretFile : "$" + secretEnv;
  }
}
