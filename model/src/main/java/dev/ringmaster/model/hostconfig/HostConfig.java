package dev.ringmaster.model.hostconfig;

import java.util.List;
import java.util.Map;

/**
 * Everything one VM receives from Ringmaster: the document the NixOS module reads ({@code
 * ringmaster.hostconfig/v1}). Immutable; lists are copied. Rendered to canonical JSON by {@link
 * HostConfigJson}; {@code contentHash} is the SHA-256 of that JSON without the hash itself.
 *
 * @param roles sorted, without duplicates, platform names ({@code postgresql}) resolved to the
 *     catalogue's current version ({@code postgresql16})
 * @param platformRoles each platform name the environment wrote, with the version it resolved to
 * @param interfaces the VM's interfaces in network order ({@code fe}, then {@code srv})
 * @param users human users sorted by name
 * @param serviceUsers service users sorted by name
 */
public record HostConfig(
    String name,
    String resourceGroup,
    String environment,
    String location,
    boolean production,
    List<String> roles,
    Map<String, String> platformRoles,
    List<HostInterface> interfaces,
    List<HostUser> users,
    List<HostServiceUser> serviceUsers,
    HostMaintenance maintenance,
    HostBackup backup,
    String contentHash) {
  /** The schema identifier written into every document. */
  public static final String SCHEMA = "ringmaster.hostconfig/v1";

  public HostConfig {
    Checks.required(name, "name");
    Checks.required(resourceGroup, "resourceGroup");
    Checks.required(environment, "environment");
    location = location == null ? "" : location;
    roles = Checks.copy(roles);
    platformRoles =
        java.util.Collections.unmodifiableMap(
            new java.util.TreeMap<>(platformRoles == null ? Map.of() : platformRoles));
    interfaces = Checks.copy(interfaces);
    users = Checks.copy(users);
    serviceUsers = Checks.copy(serviceUsers);
    Checks.required(maintenance, "maintenance");
    Checks.required(backup, "backup");
    contentHash = contentHash == null ? "" : contentHash;
  }

  /** This config with its content hash set. */
  public HostConfig withContentHash(String hash) {
    return new HostConfig(
        name,
        resourceGroup,
        environment,
        location,
        production,
        roles,
        platformRoles,
        interfaces,
        users,
        serviceUsers,
        maintenance,
        backup,
        hash);
  }
}
