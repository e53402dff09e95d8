package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.GuestAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What a guest change does to service users, read from its attributes. Pure functions. */
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

  private static Set<String> names(Map<String, String> attributes) {
    String users = attributes.getOrDefault(GuestAttributes.USERS, "");
    return Arrays.stream(users.split(","))
        .filter(u -> !u.isEmpty())
        .map(u -> u.substring(0, u.indexOf(':') < 0 ? u.length() : u.indexOf(':')))
        .collect(Collectors.toSet());
  }
}
