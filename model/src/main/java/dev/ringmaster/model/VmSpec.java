package dev.ringmaster.model;

import java.util.List;
import java.util.Map;

/**
 * One virtual machine as written in an environment. {@code swap} and {@code tmp} are null when not
 * written (then {@link Derived} computes them); {@code ssh} is null when not overridden; {@code
 * addresses} holds only the interfaces whose addresses were written explicitly.
 *
 * @param online false keeps the VM defined but shut down
 * @param protectedVm true forbids deleting this VM (YAML key {@code protected})
 * @param backup the VM's own backup policy; null when not written (the environment's applies, see
 *     {@link Backup#of})
 */
public record VmSpec(
    String name,
    String host,
    Size memory,
    int cores,
    Size disk,
    Size swap,
    Size tmp,
    List<String> roles,
    boolean online,
    Map<NetworkKind, InterfaceAddresses> addresses,
    boolean protectedVm,
    SshEndpoint ssh,
    Backup backup) {
  public VmSpec {
    roles = List.copyOf(roles == null ? List.of() : roles);
    addresses = Map.copyOf(addresses == null ? Map.of() : addresses);
  }

  /** A VM without a backup policy of its own (its environment's applies). */
  public VmSpec(
      String name,
      String host,
      Size memory,
      int cores,
      Size disk,
      Size swap,
      Size tmp,
      List<String> roles,
      boolean online,
      Map<NetworkKind, InterfaceAddresses> addresses,
      boolean protectedVm,
      SshEndpoint ssh) {
    this(
        name,
        host,
        memory,
        cores,
        disk,
        swap,
        tmp,
        roles,
        online,
        addresses,
        protectedVm,
        ssh,
        null);
  }
}
