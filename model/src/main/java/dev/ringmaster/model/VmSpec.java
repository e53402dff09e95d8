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
    SshEndpoint ssh) {
  public VmSpec {
    roles = List.copyOf(roles == null ? List.of() : roles);
    addresses = Map.copyOf(addresses == null ? Map.of() : addresses);
  }
}
