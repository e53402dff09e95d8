package dev.ringmaster.model;

import java.util.List;

/**
 * A human user: POSIX name (never starting with {@code s-}), uid, SSH public keys (no passwords
 * exist on the platform), and permissions that become groups on every VM of the environment.
 */
public record UserSpec(String name, int uid, List<String> sshKeys, List<String> permissions) {
  public UserSpec {
    sshKeys = List.copyOf(sshKeys == null ? List.of() : sshKeys);
    permissions = List.copyOf(permissions == null ? List.of() : permissions);
  }
}
