package dev.ringmaster.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One environment of a resource group ({@code myapp-production}): its networks, maintenance window,
 * backup schedule, users, service users and VMs, as written in {@code environments/*.yaml}.
 * Immutable; lists and maps are copied.
 *
 * @param protectedEnv true forbids deleting any VM of this environment (YAML key {@code protected})
 */
public record Environment(
    String name,
    String resourceGroup,
    boolean production,
    String location,
    Maintenance maintenance,
    Backup backup,
    DriftPolicy driftPolicy,
    boolean protectedEnv,
    Map<NetworkKind, NetworkSpec> networks,
    List<UserSpec> users,
    List<ServiceUserSpec> serviceUsers,
    List<VmSpec> vms,
    SourceMap source) {
  public Environment {
    networks = Map.copyOf(networks == null ? Map.of() : networks);
    users = List.copyOf(users == null ? List.of() : users);
    serviceUsers = List.copyOf(serviceUsers == null ? List.of() : serviceUsers);
    vms = List.copyOf(vms == null ? List.of() : vms);
  }

  public Optional<VmSpec> vm(String vmName) {
    return vms.stream().filter(v -> v.name().equals(vmName)).findFirst();
  }
}
