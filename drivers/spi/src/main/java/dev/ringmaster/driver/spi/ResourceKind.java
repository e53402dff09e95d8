package dev.ringmaster.driver.spi;

/**
 * The kinds of object Ringmaster manages, in creation order: networks, volumes and the first-boot
 * seed before the domain that uses them, the domain running before its guest configuration.
 * Deletion runs in reverse.
 */
public enum ResourceKind {
  NETWORK,
  VOLUME,
  SEED,
  DOMAIN,
  GUEST;
}
