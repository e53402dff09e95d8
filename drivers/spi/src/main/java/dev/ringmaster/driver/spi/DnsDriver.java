package dev.ringmaster.driver.spi;

/**
 * Keeps VM names in DNS zones on an authoritative server: reads a zone whole and changes one name
 * at a time with signed dynamic updates. Thread-safe; every method blocks, bounded by the driver's
 * timeout. Found through {@link java.util.ServiceLoader}.
 *
 * <p>Contract: {@link #observe} never changes the zone. {@link #apply} changes only names that are
 * Ringmaster's (their ownership marker names {@link DnsZoneTarget#owner()}) or, for a create, names
 * that do not exist at all; it makes the ownership marker part of the same atomic update; and it is
 * idempotent: applying a change whose result is already in place succeeds. A zone whose content
 * differs from the change's {@code before} (changed by hand meanwhile) is refused, not overwritten.
 * Failures are {@link DriverException}s: an unreachable server or a timeout is retryable; a refused
 * key (wrong name, algorithm or secret), a missing secret, a refused update and a concurrent change
 * are terminal. The TSIG secret never appears in a message.
 */
public interface DnsDriver extends AutoCloseable {
  /** The driver name used in logs and metrics ({@code dnsjava}). */
  String name();

  /** Reads the whole zone (one signed zone transfer). */
  DnsZoneObservation observe(DnsZoneTarget target);

  /** Carries out one change as one signed RFC 2136 update with prerequisites. */
  void apply(DnsZoneTarget target, DnsNameChange change);

  /** Releases shared resources. Never throws. */
  @Override
  default void close() {}
}
