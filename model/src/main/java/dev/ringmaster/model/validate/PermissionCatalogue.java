package dev.ringmaster.model.validate;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The permissions a human user may be granted; each becomes a group of the same name on every VM of
 * the environment. {@code login}: may log in; {@code sudo-srv}: may become a service user; {@code
 * manager}: manages the resource group; {@code wheel}: full root through sudo; {@code admins}:
 * platform administrators; {@code stats}: reads metrics; {@code logs}: reads system logs. Immutable
 * and thread-safe.
 */
public final class PermissionCatalogue {
  private static final Set<String> ALL =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(
              List.of("login", "sudo-srv", "manager", "wheel", "admins", "stats", "logs")));

  private PermissionCatalogue() {}

  public static Set<String> names() {
    return ALL;
  }

  public static boolean contains(String permission) {
    return ALL.contains(permission);
  }

  public static Optional<String> nearest(String permission) {
    return Nearest.of(permission, ALL);
  }
}
