package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.model.validate.RoleCatalogue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a guest change does to service users and to versioned roles, read from its attributes. Pure
 * functions.
 */
public final class GuestChanges {
  private GuestChanges() {}

  /** The service users ({@code s-...}) in {@code before}'s users that {@code after} lacks. */
  public static List<String> removedServiceUsers(
      Map<String, String> before, Map<String, String> after) {
    Set<String> kept = names(after);
    return names(before).stream()
        .filter(n -> n.startsWith("s-") && !kept.contains(n))
        .sorted()
        .toList();
  }

  /**
   * The service users a change of a kind that {@link ResourceKindHandler#carriesAccounts carries
   * accounts} would remove; empty for any other change.
   */
  public static List<String> removedServiceUsers(Change change) {
    return ResourceKinds.installed().of(change.resource()).carriesAccounts()
        ? removedServiceUsers(change.before(), change.after())
        : List.of();
  }

  /**
   * Why such a change is destructive: applied, it removes the users' homes under {@code /srv} for
   * good, then the accounts (the safety gate stages it first: retired users keep their homes).
   */
  public static String removalNote(List<String> removed) {
    return "removes service user(s) "
        + String.join(", ", removed)
        + " and their homes under /srv for good";
  }

  /** The skip message of a destructive guest change that was not allowed. */
  public static String keptNote(List<String> removed) {
    return "service user(s) " + String.join(", ", removed) + " and their homes under /srv are kept";
  }

  /**
   * The versioned roles a guest change replaces by another version of the same kind (a database's
   * major version: {@code postgresql16 → postgresql15}), as {@code before → after}; empty when
   * either side has no recorded {@code roles} (nothing known to compare).
   */
  public static List<String> roleVersionChanges(
      Map<String, String> before, Map<String, String> after) {
    String was = before.get(GuestAttributes.ROLES);
    String now = after.get(GuestAttributes.ROLES);
    if (was == null || now == null) {
      return List.of();
    }
    List<String> old = GuestAttributes.installedRoles(was);
    List<String> next = GuestAttributes.installedRoles(now);
    List<String> out = new java.util.ArrayList<>();
    for (Set<String> group : RoleCatalogue.exclusiveGroups()) {
      List<String> from = old.stream().filter(group::contains).toList();
      List<String> to = next.stream().filter(group::contains).toList();
      if (from.size() == 1 && to.size() == 1 && !from.equals(to)) {
        out.add(from.get(0) + GuestAttributes.RESOLVES_TO + to.get(0));
      }
    }
    return out;
  }

  /**
   * Why a role version change is a {@code restart}: the service stops and comes back on another
   * major version in the maintenance window; names the platform name whose catalogue default moved
   * when that is the cause.
   */
  public static String versionNote(
      List<String> changes, Map<String, String> before, Map<String, String> after) {
    Map<String, String> was = GuestAttributes.platformNames(before.get(GuestAttributes.ROLES));
    Map<String, String> now = GuestAttributes.platformNames(after.get(GuestAttributes.ROLES));
    List<String> moved =
        changes.stream()
            .filter(
                c -> {
                  String[] fromTo = c.split(GuestAttributes.RESOLVES_TO);
                  String name = was.get(fromTo[0]);
                  return name != null && name.equals(now.get(fromTo[1]));
                })
            .map(c -> was.get(c.split(GuestAttributes.RESOLVES_TO)[0]))
            .toList();
    return "role version "
        + String.join(", ", changes)
        + ": the service stops and starts on the other major version, its data must be migrated"
        + (moved.isEmpty()
            ? ""
            : " (the catalogue's default for " + String.join(", ", moved) + " changed)");
  }

  private static Set<String> names(Map<String, String> attributes) {
    String users = attributes.getOrDefault(GuestAttributes.USERS, "");
    return Arrays.stream(users.split(","))
        .filter(u -> !u.isEmpty())
        .map(u -> u.substring(0, u.indexOf(':') < 0 ? u.length() : u.indexOf(':')))
        .collect(Collectors.toSet());
  }
}
