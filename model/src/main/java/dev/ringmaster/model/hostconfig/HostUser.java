package dev.ringmaster.model.hostconfig;

import java.util.List;

/**
 * A human user as a VM receives it: name, uid, SSH public keys (the only way in: no passwords) and
 * the groups its permissions become (sorted, without duplicates). Immutable.
 *
 * @param source where the account is declared ({@code resource-group myapp} or {@code environment
 *     myapp-staging}); null when the environment's resource group has no file of its own
 */
public record HostUser(
    String name, int uid, List<String> sshKeys, List<String> groups, String source) {
  public HostUser(String name, int uid, List<String> sshKeys, List<String> groups) {
    this(name, uid, sshKeys, groups, null);
  }

  public HostUser {
    Checks.required(name, "name");
    sshKeys = Checks.copy(sshKeys);
    groups = Checks.copy(groups);
  }
}
