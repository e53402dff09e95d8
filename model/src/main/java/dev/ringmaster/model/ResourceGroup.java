package dev.ringmaster.model;

import java.util.List;

/**
 * A {@code kind: ResourceGroup} document ({@code resource-groups/<name>.yaml}): the users and
 * service users shared by every environment whose {@code resourceGroup} is this name. Immutable;
 * lists are copied.
 */
public record ResourceGroup(
    String name, List<UserSpec> users, List<ServiceUserSpec> serviceUsers, SourceMap source) {
  public ResourceGroup {
    users = List.copyOf(users == null ? List.of() : users);
    serviceUsers = List.copyOf(serviceUsers == null ? List.of() : serviceUsers);
  }

  /**
   * This group seen as an environment that holds only its users, so that the per-environment user
   * rules can check it (positions resolve in the group's file).
   */
  public Environment asEnvironment() {
    return new Environment(
        "resource-group " + name,
        name,
        false,
        "",
        null,
        Backup.DEFAULT,
        DriftPolicy.REVERT,
        false,
        null,
        users,
        serviceUsers,
        null,
        source);
  }
}
