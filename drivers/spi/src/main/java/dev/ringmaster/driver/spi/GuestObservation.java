package dev.ringmaster.driver.spi;

import java.util.List;
import java.util.SortedMap;

/**
 * What is installed in one guest, read fresh: the content hash of the installed host config
 * (recomputed from the file, so a hand edit shows; null when there is none), the system generation
 * (the target of the system profile link; empty when unknown), and the platform-managed accounts
 * actually present (uids in the driver's managed range, so system users do not count), and the
 * platform attributes the driver observes (swap, {@code /tmp}, firewall; empty when it observes
 * none). Immutable.
 */
public record GuestObservation(
    String vm,
    String configHash,
    String generation,
    List<GuestAccount> users,
    SortedMap<String, String> platform) {
  public GuestObservation {
    if (vm == null) {
      throw new IllegalArgumentException("vm must not be null");
    }
    generation = generation == null ? "" : generation;
    users = List.copyOf(users == null ? List.of() : users);
    platform =
        java.util.Collections.unmodifiableSortedMap(
            new java.util.TreeMap<>(platform == null ? java.util.Map.of() : platform));
  }

  /** An observation without platform attributes. */
  public GuestObservation(
      String vm, String configHash, String generation, List<GuestAccount> users) {
    this(vm, configHash, generation, users, null);
  }

  /** The same keys as {@link GuestResource#attributes()}; see {@link GuestAttributes}. */
  public SortedMap<String, String> attributes() {
    return GuestAttributes.of(configHash, users, platform);
  }
}
