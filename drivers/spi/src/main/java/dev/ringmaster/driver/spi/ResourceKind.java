package dev.ringmaster.driver.spi;

/**
 * The kinds of object Ringmaster manages, in creation order: networks and volumes before the domain
 * that uses them, the domain running before its guest configuration, and DNS names last. Deletion
 * runs in reverse.
 */
public enum ResourceKind {
  NETWORK,
  VOLUME,
  DOMAIN,
  GUEST,
  /** A DNS name in a zone ({@code dns/<zone>/<name>}); the id's host is the zone. */
  DNS;
}
