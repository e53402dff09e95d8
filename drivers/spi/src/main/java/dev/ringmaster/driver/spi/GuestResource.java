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
 * @param recorded the {@link GuestAttributes#RECORDED} attributes: roles as resolved and where the
 *     accounts come from; shown in plans and kept in last-applied, never compared with the guest
 */
public record GuestResource(
    String host,
    String vm,
    String environment,
    GuestTarget target,
    String hostConfigJson,
    String configHash,
    List<GuestAccount> accounts,
    SortedMap<String, String> platform,
    SortedMap<String, String> recorded)
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
    recorded =
        java.util.Collections.unmodifiableSortedMap(
            new java.util.TreeMap<>(recorded == null ? java.util.Map.of() : recorded));
    if (!GuestAttributes.RECORDED.containsAll(recorded.keySet())) {
      throw new IllegalArgumentException("not a recorded attribute: " + recorded.keySet());
    }
  }

  /** A guest resource without recorded attributes. */
  public GuestResource(
      String host,
      String vm,
      String environment,
      GuestTarget target,
      String hostConfigJson,
      String configHash,
      List<GuestAccount> accounts,
      SortedMap<String, String> platform) {
    this(host, vm, environment, target, hostConfigJson, configHash, accounts, platform, null);
  }

  /** This resource with another host config (its hash) and accounts; the rest kept. */
  public GuestResource withConfig(
      String hostConfigJson, String configHash, List<GuestAccount> accounts) {
    return new GuestResource(
        host, vm, environment, target, hostConfigJson, configHash, accounts, platform, recorded);
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
    this(host, vm, environment, target, hostConfigJson, configHash, accounts, null, null);
  }

  @Override
  public ResourceId id() {
    return ResourceId.guest(host, vm);
  }

  /**
   * {@code configHash}, {@code users}, {@code groups}, the platform and the recorded attributes:
   * see {@link GuestAttributes}.
   */
  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> all = GuestAttributes.of(configHash, accounts, platform);
    all.putAll(recorded);
    return all;
  }
}
