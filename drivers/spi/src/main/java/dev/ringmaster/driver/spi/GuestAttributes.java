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
 * user added or removed by hand, or a changed membership, changes these.
 *
 * <p>The {@link #RECORDED} attributes describe the config without being read back from the guest:
 * {@code roles} (the VM's roles, a platform name shown with the version it resolved to: {@code
 * postgresql → postgresql16, redis}) and {@code accountsFromGroup} / {@code
 * accountsFromEnvironment} (the accounts declared by the resource group's file and by the
 * environment; absent when the group has no file). They are kept in last-applied and shown in
 * plans, and never compared with the guest. Pure functions.
 */
public final class GuestAttributes {
  public static final String CONFIG_HASH = "configHash";
  public static final String USERS = "users";
  public static final String GROUPS = "groups";
  public static final String ROLES = "roles";
  public static final String ACCOUNTS_FROM_GROUP = "accountsFromGroup";
  public static final String ACCOUNTS_FROM_ENVIRONMENT = "accountsFromEnvironment";

  /** The attributes a guest does not report: shown and kept in last-applied, never compared. */
  public static final java.util.Set<String> RECORDED =
      java.util.Set.of(ROLES, ACCOUNTS_FROM_GROUP, ACCOUNTS_FROM_ENVIRONMENT);

  /** How a platform role name and the version it resolved to are shown. */
  public static final String RESOLVES_TO = " → ";

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

  /** {@code attributes} without the {@link #RECORDED} ones: what a guest can be compared on. */
  public static SortedMap<String, String> observable(java.util.Map<String, String> attributes) {
    SortedMap<String, String> out = new TreeMap<>(attributes);
    out.keySet().removeAll(RECORDED);
    return out;
  }

  /** {@code observed} with the {@link #RECORDED} attributes of {@code lastApplied} added. */
  public static SortedMap<String, String> withRecorded(
      java.util.Map<String, String> observed, java.util.Map<String, String> lastApplied) {
    SortedMap<String, String> out = observable(observed);
    lastApplied.forEach(
        (k, v) -> {
          if (RECORDED.contains(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /**
   * The {@code roles} attribute: each role as installed, a platform name shown with the version it
   * resolved to ({@code postgresql → postgresql16}), in the order given.
   *
   * @param resolved the installed roles
   * @param platformRoles each platform name used and the role it resolved to
   */
  public static String roles(List<String> resolved, java.util.Map<String, String> platformRoles) {
    java.util.Map<String, String> names = new TreeMap<>();
    platformRoles.forEach((name, role) -> names.put(role, name));
    return resolved.stream()
        .map(r -> names.containsKey(r) ? names.get(r) + RESOLVES_TO + r : r)
        .collect(Collectors.joining(", "));
  }

  /** The installed roles of a {@code roles} attribute (empty for null or empty). */
  public static List<String> installedRoles(String roles) {
    if (roles == null || roles.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(roles.split(", "))
        .map(
            r ->
                r.contains(RESOLVES_TO)
                    ? r.substring(r.indexOf(RESOLVES_TO) + RESOLVES_TO.length())
                    : r)
        .toList();
  }

  /**
   * For each entry of a {@code roles} attribute written by its platform name, the installed role
   * and that name ({@code postgresql16 → postgresql}); plain roles are left out.
   */
  public static java.util.Map<String, String> platformNames(String roles) {
    java.util.Map<String, String> out = new TreeMap<>();
    if (roles != null) {
      for (String r : roles.split(", ")) {
        int at = r.indexOf(RESOLVES_TO);
        if (at > 0) {
          out.put(r.substring(at + RESOLVES_TO.length()), r.substring(0, at));
        }
      }
    }
    return out;
  }
}
