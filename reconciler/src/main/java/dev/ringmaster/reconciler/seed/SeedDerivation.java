package dev.ringmaster.reconciler.seed;

import dev.ringmaster.driver.spi.SeedResource;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.SshEndpoint;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.model.hostconfig.HostInterface;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the desired {@link SeedResource} of a VM from the fleet: host name and network-config
 * from the VM's host config (the addresses are the host config's, never recomputed), and where its
 * SSH host key is pinned (the VM's {@code ssh.host}, else its hypervisor's, else its {@code ethsrv}
 * IPv4 address; port likewise, else 22 — the guest driver's rule). Pure; thread-safe.
 */
public final class SeedDerivation {
  static final int DEFAULT_SSH_PORT = 22;

  private SeedDerivation() {}

  public static SeedResource seed(Fleet fleet, Environment env, VmSpec vm, Hypervisor host) {
    // Only the interfaces: rendering the whole host config (accounts, firewall, content hash) per
    // VM per pass doubled the no-op pass, the guest kind renders it already.
    List<HostInterface> interfaces = HostConfigRenderer.interfaces(env, vm);
    String network = SeedDocuments.networkConfig(interfaces);
    SshEndpoint e =
        (vm.ssh() == null ? SshEndpoint.NONE : vm.ssh())
            .orElse(host.ssh() == null ? SshEndpoint.NONE : host.ssh());
    String address =
        e.host() != null ? e.host() : Derived.ipv4(env, vm, NetworkKind.SRV).orElse("");
    int port = e.port() != null ? e.port() : DEFAULT_SSH_PORT;
    return new SeedResource(
        host.name(),
        host.storagePool(),
        vm.name(),
        env.name(),
        vm.name(),
        network,
        addresses(interfaces),
        Derived.sha256Hex("hostname=" + vm.name() + "\n" + network),
        address,
        port,
        true,
        true);
  }

  private static String addresses(List<HostInterface> interfaces) {
    List<String> out = new ArrayList<>();
    for (HostInterface i : interfaces) {
      List<String> ips = new ArrayList<>();
      if (i.ipv4() != null) {
        ips.add(i.ipv4().address() + "/" + i.ipv4().prefixLength());
      }
      if (i.ipv6() != null) {
        ips.add(i.ipv6().address() + "/" + i.ipv6().prefixLength());
      }
      out.add(i.name() + "=" + String.join(" ", ips));
    }
    return String.join(",", out);
  }
}
