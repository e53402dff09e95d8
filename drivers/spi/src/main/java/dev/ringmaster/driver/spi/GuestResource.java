package dev.ringmaster.driver.spi;

import java.util.List;
import java.util.SortedMap;

/**
 * The configuration inside one VM: the host config JSON document the NixOS module consumes, its
 * content hash, the accounts it makes the guest have, and where to reach the guest over SSH.
 * Applied only once the domain runs. Immutable; equal specs derive equal resources.
 *
 * @param host the hypervisor the VM runs on (part of the id)
 * @param accounts the platform-managed accounts the config creates, with every group they are in
 * @param platform the platform attributes the guest should show (swap, {@code /tmp}, firewall);
 *     empty when the driver observes none
 */
public record GuestResource(
    String host,
    String vm,
    String environment,
    GuestTarget target,
    String hostConfigJson,
    String configHash,
    List<GuestAccount> accounts,
    SortedMap<String, String> platform)
    implements DesiredResource {

  public GuestResource {
    if (host == null || vm == null || target == null || hostConfigJson == null) {
      throw new IllegalArgumentException("host, vm, target and hostConfigJson are required");
    }
    environment = environment == null ? "" : environment;
    configHash = configHash == null ? "" : configHash;
    accounts = List.copyOf(accounts == null ? List.of() : accounts);
    platform =
        java.util.Collections.unmodifiableSortedMap(
            new java.util.TreeMap<>(platform == null ? java.util.Map.of() : platform));
  }

  /** A guest resource without platform attributes. */
  public GuestResource(
      String host,
      String vm,
      String environment,
      GuestTarget target,
      String hostConfigJson,
      String configHash,
      List<GuestAccount> accounts) {
    this(host, vm, environment, target, hostConfigJson, configHash, accounts, null);
  }

  @Override
  public ResourceId id() {
    return ResourceId.guest(host, vm);
  }

  /**
   * {@code configHash}, {@code users}, {@code groups} and the platform attributes: see {@link
   * GuestAttributes}.
   */
  @Override
  public SortedMap<String, String> attributes() {
    return GuestAttributes.of(configHash, accounts, platform);
  }
}
