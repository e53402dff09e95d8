package dev.ringmaster.driver.spi;

/**
 * The kinds of object Ringmaster manages, in creation order: networks and volumes before the domain
 * that uses them, the first-boot seed before the domain boots from it, the domain running before
 * its guest configuration; DNS records, then backups of root disks, last. Deletion runs in reverse.
 * Each kind has one handler (desired derivation, diff and impact rules, apply ordering) found with
 * {@link java.util.ServiceLoader}; see {@code docs/drivers.md}. A constant here is a name and a
 * place in the creation order, nothing more: the engine, planner, gate and renderers never switch
 * on it.
 */
public enum ResourceKind {
  NETWORK,
  VOLUME,
  SEED,
  DOMAIN,
  GUEST,
  /** A DNS name in a zone ({@code dns/<zone>/<name>}); the id's host is the zone. */
  DNS,
  /** The backups of a VM's root disk ({@code backup/<host>/<vm>}). */
  BACKUP;
}
