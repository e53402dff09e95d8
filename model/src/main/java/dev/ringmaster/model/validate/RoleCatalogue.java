package dev.ringmaster.model.validate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roles a VM may carry, and the groups of roles of which a VM may carry at most one (one
 * PostgreSQL version, one MySQL flavour, one search engine). The platform names {@code postgresql}
 * and {@code mysql} stand for the catalogue's current default version ({@link #DEFAULTS}); {@link
 * #resolve} turns them into that version. Immutable and thread-safe.
 */
public final class RoleCatalogue {
  private static final List<Set<String>> EXCLUSIVE =
      List.of(
          orderedSet(
              "postgresql12", "postgresql13", "postgresql14", "postgresql15", "postgresql16"),
          orderedSet("mysql57", "mysql80", "percona80"),
          orderedSet("elasticsearch", "opensearch"));

  private static final Set<String> OTHERS =
      orderedSet(
          "webgateway",
          "nginx",
          "haproxy",
          "redis",
          "memcached",
          "rabbitmq",
          "mailserver",
          "mongodb",
          "generic",
          "lamp",
          "docker",
          "kibana",
          "loghost",
          "statshost",
          "backyserver",
          "external-net",
          "antivirus");

  /** The platform names and the versioned role each stands for today. */
  public static final Map<String, String> DEFAULTS =
      Map.of("postgresql", "postgresql16", "mysql", "mysql80");

  private static final Set<String> ALL = all();

  private RoleCatalogue() {}

  /** Every known role, in catalogue order. */
  public static Set<String> names() {
    return ALL;
  }

  public static boolean contains(String role) {
    return ALL.contains(role);
  }

  /** The known role closest to a misspelt one. */
  public static Optional<String> nearest(String role) {
    return Nearest.of(role, ALL);
  }

  /** {@code role} with a platform name replaced by the current default version. */
  public static String resolve(String role) {
    return resolve(role, DEFAULTS);
  }

  /** {@code role} with a platform name replaced by its version in {@code defaults}. */
  public static String resolve(String role, Map<String, String> defaults) {
    return defaults.getOrDefault(role, role);
  }

  /** The groups of mutually exclusive roles. */
  public static List<Set<String>> exclusiveGroups() {
    return EXCLUSIVE;
  }

  /** For each exclusive group, the roles of {@code roles} in it when there are two or more. */
  public static List<List<String>> conflicts(List<String> roles) {
    List<List<String>> out = new ArrayList<>();
    for (Set<String> group : EXCLUSIVE) {
      List<String> hit = roles.stream().filter(r -> group.contains(resolve(r))).distinct().toList();
      if (hit.size() > 1) {
        out.add(hit);
      }
    }
    return out;
  }

  private static Set<String> all() {
    Set<String> all = new LinkedHashSet<>();
    EXCLUSIVE.forEach(all::addAll);
    all.addAll(OTHERS);
    all.addAll(new java.util.TreeSet<>(DEFAULTS.keySet()));
    return java.util.Collections.unmodifiableSet(all);
  }

  private static Set<String> orderedSet(String... names) {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
  }
}
