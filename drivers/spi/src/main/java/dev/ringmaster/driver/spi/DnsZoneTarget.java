package dev.ringmaster.driver.spi;

/**
 * How to reach one DNS zone: the zone, the authoritative server that accepts RFC 2136 updates and
 * zone transfers for it, the TSIG key (name, algorithm and where its secret is read at run time: a
 * file or an environment variable, never the secret itself), the TTL of the records Ringmaster
 * writes, and the ownership id it marks its names with. Immutable; {@link #toString()} is safe to
 * log (it holds no secret).
 */
public record DnsZoneTarget(
    String zone,
    String server,
    int port,
    String keyName,
    String algorithm,
    String secretFile,
    String secretEnv,
    int ttl,
    String owner) {
  public DnsZoneTarget {
    if (zone == null || server == null || keyName == null || algorithm == null || owner == null) {
      throw new IllegalArgumentException("zone, server, keyName, algorithm and owner are required");
    }
    if ((secretFile == null) == (secretEnv == null)) {
      throw new IllegalArgumentException("exactly one of secretFile and secretEnv is required");
    }
    if (port < 1 || port > 65535 || ttl < 1) {
      throw new IllegalArgumentException("port must be 1..65535 and ttl positive");
    }
  }

  /** The same server and key for another zone (a reverse zone of the same server). */
  public DnsZoneTarget forZone(String otherZone) {
    return new DnsZoneTarget(
        otherZone, server, port, keyName, algorithm, secretFile, secretEnv, ttl, owner);
  }

  /** Where the secret is read from, for messages: {@code file PATH} or {@code $VARIABLE}. */
  public String secretSource() {
    return secretFile != null ? "file " + secretFile : "$" + secretEnv;
  }
}
