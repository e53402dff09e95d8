package dev.ringmaster.model;

import java.util.List;

/**
 * A DNS zone Ringmaster keeps the names of VMs in, as written in a {@code kind: DnsZone} document
 * ({@code dns/*.yaml}): the forward zone ({@code name}), the reverse zones for PTR records, the
 * authoritative server that accepts RFC 2136 updates, and the TSIG key that signs them. {@code
 * location} (nullable) restricts it to the environments of one location; without it the zone is
 * fleet-wide (used by environments whose location has no zone of its own). The TSIG secret itself
 * is never part of the fleet: {@link Tsig} only says where to read it. Immutable.
 *
 * @param server the server's address (null when {@code serverEnv} names where it is read)
 * @param serverEnv the environment variable of the Ringmaster process that holds the server's
 *     address ({@code host} or {@code host:port}); unset there, the zone is not configured
 * @param owner the ownership id written into the marker record of every name Ringmaster owns
 * @param ttl the TTL of the records Ringmaster writes, in seconds
 */
public record DnsZone(
    String name,
    String location,
    String server,
    String serverEnv,
    int port,
    List<String> reverseZones,
    Tsig tsig,
    int ttl,
    String owner,
    SourceMap source) {
  /** The default ownership id. */
  public static final String DEFAULT_OWNER = "ringmaster";

  /** The default TTL in seconds. */
  public static final int DEFAULT_TTL = 300;

  /** A zone whose server address is written out. */
  public DnsZone(
      String name,
      String location,
      String server,
      int port,
      List<String> reverseZones,
      Tsig tsig,
      int ttl,
      String owner,
      SourceMap source) {
    this(name, location, server, null, port, reverseZones, tsig, ttl, owner, source);
  }

  public DnsZone {
    reverseZones = List.copyOf(reverseZones == null ? List.of() : reverseZones);
    owner = owner == null ? DEFAULT_OWNER : owner;
  }

  /**
   * Where the TSIG key's secret is read from at run time: a file (a BIND key file as written by
   * {@code tsig-keygen}, or the base64 secret alone) or an environment variable. Exactly one of
   * {@code secretFile} and {@code secretEnv} is set.
   */
  public record Tsig(String keyName, String algorithm, String secretFile, String secretEnv) {
    @Override
    public String toString() {
      return "Tsig[" + keyName + ", " + algorithm + ", " + secretSource() + "]";
    }

    /** Where the secret comes from, for messages: {@code file /etc/...} or {@code $VARIABLE}. */
    public String secretSource() {
      return secretFile != null ? "file " + secretFile : "$" + secretEnv;
    }
  }
}
