package dev.ringmaster.model.hostconfig;

import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.DriftPolicy;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.ServiceUserSpec;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.SourceMap;
import dev.ringmaster.model.UserSpec;
import dev.ringmaster.model.VmSpec;
import java.util.List;
import java.util.Map;

/** A small fleet in the shape of design.md's example, for host config tests. */
public final class SampleFleet {
  public static final String ALICE_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHt0dGVzdGtleWZvcmFsaWNlMDAwMDAwMDAwMDAw alice@laptop";
  public static final String BOB_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJvYnRlc3RrZXkwMDAwMDAwMDAwMDAwMDAwMDAw bob@desk";

  private SampleFleet() {}

  public static VmSpec vm(String name, String... roles) {
    return new VmSpec(
        name,
        "kvm01",
        Size.gib(4),
        2,
        Size.gib(30),
        null,
        null,
        List.of(roles),
        true,
        Map.of(),
        false,
        null);
  }

  public static Map<NetworkKind, NetworkSpec> networks() {
    return Map.of(
        NetworkKind.FE,
        new NetworkSpec(
            2, Cidr.parse("203.0.113.0/26").orElseThrow(), Cidr.parse("2001:db8:2::/64").get()),
        NetworkKind.SRV,
        new NetworkSpec(3, Cidr.parse("10.3.0.0/24").orElseThrow(), null));
  }

  public static Environment production() {
    return new Environment(
        "myapp-production",
        "myapp",
        true,
        "whq",
        Maintenance.DEFAULT,
        Backup.DEFAULT,
        DriftPolicy.REVERT,
        false,
        networks(),
        List.of(
            new UserSpec("bob", 1002, List.of(BOB_KEY), List.of("login")),
            new UserSpec("alice", 1001, List.of(ALICE_KEY), List.of("sudo-srv", "login"))),
        List.of(new ServiceUserSpec("s-myapp", null)),
        List.of(vm("myapp00", "webgateway"), vm("myapp01", "postgresql16", "redis")),
        SourceMap.empty("environments/myapp.yaml"));
  }

  public static Environment staging() {
    return new Environment(
        "myapp-staging",
        "myapp",
        false,
        "whq",
        null,
        Backup.FREQUENT,
        DriftPolicy.REPORT,
        false,
        Map.of(NetworkKind.SRV, new NetworkSpec(5, Cidr.parse("10.5.0.0/24").orElseThrow(), null)),
        List.of(new UserSpec("carol", 1003, List.of(), List.of("login", "wheel", "login"))),
        List.of(new ServiceUserSpec("s-myapp", null), new ServiceUserSpec("s-batch", 61000)),
        List.of(vm("myapp10", "generic")),
        SourceMap.empty("environments/myapp-staging.yaml"));
  }

  public static Fleet fleet() {
    Hypervisor kvm01 =
        new Hypervisor(
            "kvm01",
            "test:///default",
            "vms",
            null,
            new Hypervisor.Bridges("br-fe", "br-srv"),
            new Hypervisor.Capacity(Size.gib(256), 64),
            "qemu",
            null,
            null,
            SourceMap.empty("hosts/kvm01.yaml"));
    return new Fleet(List.of(kvm01), List.of(production(), staging()));
  }
}
