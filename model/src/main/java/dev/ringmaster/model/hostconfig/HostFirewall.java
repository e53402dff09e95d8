package dev.ringmaster.model.hostconfig;

import java.util.List;

/**
 * What a VM's firewall needs from the fleet: the server-network addresses (IPv4 and IPv6, sorted,
 * the VM's own included) of every VM of its resource group, in every environment of the group.
 * Traffic on {@code ethsrv} from these addresses is allowed in full; from anywhere else only SSH,
 * HTTP and HTTPS. Immutable.
 */
public record HostFirewall(List<String> groupAddresses) {
  public HostFirewall {
    groupAddresses = Checks.copy(groupAddresses);
  }
}
