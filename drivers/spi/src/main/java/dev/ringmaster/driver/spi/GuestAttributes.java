package dev.ringmaster.driver.spi;

import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The comparable view of a guest, shared by {@link GuestResource} (desired) and {@link
 * GuestObservation} (observed) so both offer the same keys in the same format: {@code configHash}
 * (the content hash of the installed host config, empty when none), {@code users} ({@code name:uid}
 * sorted by name, comma separated) and {@code groups} ({@code name:group+group} sorted by name). A
 * user added or removed by hand, or a changed membership, changes these. Pure functions.
 */
public final class GuestAttributes {
  public static final String CONFIG_HASH = "configHash";
  public static final String USERS = "users";
  public static final String GROUPS = "groups";

  private GuestAttributes() {}

  /**
   * The service users ({@code s-...}) present in {@code observed} that {@code desired} no longer
   * has, sorted: removing them is a destructive change (their homes under {@code /srv} hold data).
   */
  public static List<String> removedServiceUsers(
      List<GuestAccount> desired, List<GuestAccount> observed) {
    java.util.Set<String> wanted =
        desired.stream().map(GuestAccount::name).collect(Collectors.toSet());
    return observed.stream()
        .map(GuestAccount::name)
        .filter(n -> n.startsWith("s-") && !wanted.contains(n))
        .sorted()
        .toList();
  }

  /** The attributes of a guest with {@code configHash} (nullable) and {@code accounts}. */
  public static SortedMap<String, String> of(String configHash, List<GuestAccount> accounts) {
    return of(configHash, accounts, java.util.Map.of());
  }

  /**
   * The attributes of a guest with {@code configHash} (nullable), {@code accounts} and the platform
   * attributes the driver observes ({@code swap}, {@code tmp}, {@code firewall}; none when empty).
   */
  public static SortedMap<String, String> of(
      String configHash, List<GuestAccount> accounts, java.util.Map<String, String> platform) {
    List<GuestAccount> sorted =
        accounts.stream().sorted(Comparator.comparing(GuestAccount::name)).toList();
    SortedMap<String, String> a = new TreeMap<>();
    a.put(CONFIG_HASH, configHash == null ? "" : configHash);
    a.put(
        USERS, sorted.stream().map(u -> u.name() + ":" + u.uid()).collect(Collectors.joining(",")));
    a.put(
        GROUPS,
        sorted.stream()
            .map(u -> u.name() + ":" + String.join("+", u.groups()))
            .collect(Collectors.joining(",")));
    a.putAll(platform);
    return a;
  }
}
