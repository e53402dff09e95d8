package dev.ringmaster.driver.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Manages the objects of one hypervisor. One instance is one connection; it is not thread-safe
 * unless an implementation says so (the engine serialises calls per hypervisor or opens several).
 * All methods block until done.
 *
 * <p>Contract, checked for every implementation by the SPI's contract test:
 *
 * <ul>
 *   <li>{@link #observe()} never mutates anything and uses bulk calls (one listing per object kind,
 *       never one call per resource where libvirt offers a bulk one).
 *   <li>Every action is idempotent: ensuring an existing object that already matches does nothing,
 *       deleting a missing object succeeds.
 *   <li>No action modifies or deletes an object that does not carry Ringmaster's {@link Ownership}
 *       mark (volumes: that are not named for a disk of a Ringmaster domain); it fails with a
 *       terminal {@link DriverException} instead.
 *   <li>Failures are {@link DriverException}s, retryable or terminal.
 * </ul>
 */
public interface HypervisorDriver extends AutoCloseable {
  /** The hypervisor name (as in {@code hosts/*.yaml}). */
  String host();

  /** Reads all networks, volumes (of the pools in use) and domains. Read-only. */
  HypervisorObservation observe();

  /**
   * {@link #observe()} for a caller that needs to see everything the hypervisor did before {@code
   * freshAsOfNanos} (a {@link System#nanoTime()} value, e.g. when a pass was asked for), and
   * everything this driver itself wrote. A driver that keeps a cache current may answer from it
   * when it was brought up to date after that moment, so that passes asked for together (a resync
   * of every environment) share one check instead of each making its own. The default observes now,
   * which is always at least as fresh.
   */
  default HypervisorObservation observe(long freshAsOfNanos) {
    return observe();
  }

  /** Defines and starts the network if missing; marks it owned. Idempotent. */
  void ensureNetwork(NetworkResource network);

  /** Stops and undefines an owned network; succeeds if it is missing. */
  void deleteNetwork(String name);

  /**
   * Creates the volume if missing (a root disk cloned from {@code baseImage} when given, then grown
   * to the capacity), or grows it when smaller than the capacity: with a block resize when it is
   * attached to a running domain, so the guest sees the new size at once. Never shrinks: a smaller
   * capacity than the existing one fails terminally.
   */
  void ensureVolume(VolumeResource volume);

  /**
   * Writes a VM's first-boot seed: creates the raw volume {@code volume} in {@code pool} sized to
   * {@code image} (replacing an existing one of that name) and uploads the bytes through the
   * storage API, so it works on remote hypervisors. Refuses a name that is not a seed volume name
   * ({@code <vm>-seed}) and a VM whose domain is foreign. The image holds a private host key: it is
   * written nowhere else and never logged. Idempotent (a repeat writes the same bytes).
   */
  void writeSeed(String pool, String volume, byte[] image);

  /**
   * {@link #writeSeed(String, String, byte[])} for an image held as its written part and size. A
   * driver that uploads in chunks overrides it so that the image's zeros are never held in memory;
   * this default passes the whole image on.
   */
  default void writeSeed(String pool, String volume, SeedImage image) {
    writeSeed(pool, volume, image.bytes());
  }

  /** Deletes a volume; succeeds if it is missing. */
  void deleteVolume(String pool, String name);

  /**
   * Defines the domain, or redefines its persistent configuration when it exists and is owned. Does
   * not change whether it runs: memory and core changes of a running domain take effect at its next
   * boot.
   */
  void defineDomain(DomainResource domain);

  /** Starts the domain; succeeds if it already runs. */
  void startDomain(String name);

  /**
   * Shuts the domain down gracefully (ACPI) and waits up to {@code timeout}, then destroys it;
   * succeeds if it is not running or missing.
   */
  void shutdownDomain(String name, Duration timeout);

  /**
   * Shuts the domain down (as {@link #shutdownDomain}) and undefines it; succeeds if it is missing.
   * Leaves its volumes alone.
   */
  void deleteDomain(String name, Duration shutdownTimeout);

  /**
   * Starts telling {@code listener} about out-of-band changes of owned objects, as soon as the
   * hypervisor reports them (events) or a relist finds them. Drivers without a change feed ignore
   * the call (the default): their changes are found by the next resync.
   */
  default void watch(ChangeListener listener) {}

  /**
   * Why the change feed of this hypervisor is down (connection lost, events not delivered), or
   * empty while it works or when the driver has none.
   */
  default Optional<String> watchProblem() {
    return Optional.empty();
  }

  /**
   * The backups of this hypervisor's VMs, over this driver's connection; empty when the driver
   * cannot take backups (the default).
   */
  default Optional<BackupDriver> backups() {
    return Optional.empty();
  }

  /** Restores of backups over this connection; empty when the driver cannot (the default). */
  default Optional<RestoreDriver> restores() {
    return Optional.empty();
  }

  /** Closes the connection. Never throws. */
  @Override
  void close();
}
