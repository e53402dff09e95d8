package dev.ringmaster.model.hostconfig;

/**
 * One network interface of a VM: {@code network} is {@code fe} or {@code srv}, {@code name} the
 * guest interface ({@code ethfe}, {@code ethsrv}) matched by its MAC address. {@code ipv4} and
 * {@code ipv6} are null when the environment has no subnet of that family on this network.
 * Immutable.
 */
public record HostInterface(
    String network, String name, String mac, int vlan, IpConfig ipv4, IpConfig ipv6) {
  public HostInterface {
    Checks.required(network, "network");
    Checks.required(name, "name");
    Checks.required(mac, "mac");
  }

  /** An address with its prefix length and the subnet's gateway. Immutable, never null fields. */
  public record IpConfig(String address, int prefixLength, String gateway) {
    public IpConfig {
      Checks.required(address, "address");
      Checks.required(gateway, "gateway");
    }
  }
}
