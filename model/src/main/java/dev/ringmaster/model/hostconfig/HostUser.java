package dev.ringmaster.model.hostconfig;

import java.util.List;

/**
 * A human user as a VM receives it: name, uid, SSH public keys (the only way in: no passwords) and
 * the groups its permissions become (sorted, without duplicates). Immutable.
 */
public record HostUser(String name, int uid, List<String> sshKeys, List<String> groups) {
  public HostUser {
    Checks.required(name, "name");
    sshKeys = Checks.copy(sshKeys);
    groups = Checks.copy(groups);
  }
}
