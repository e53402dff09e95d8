package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.GuestAccount;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.SshEndpoint;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import dev.ringmaster.model.hostconfig.SampleFleet;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GuestResourcesTest {
  private static final NixosDriverOptions OPTIONS =
      NixosDriverOptions.defaults(Path.of("/k"), null);

  @Test
  void desiredCarriesTheRenderedConfigAndItsAccounts() {
    Fleet fleet = SampleFleet.fleet();
    Environment env = fleet.environment("myapp-production").orElseThrow();
    GuestResource r = GuestResources.desired(fleet, env, env.vm("myapp01").orElseThrow(), OPTIONS);

    assertThat(r.id()).isEqualTo(ResourceId.guest("kvm01", "myapp01"));
    assertThat(r.environment()).isEqualTo("myapp-production");
    assertThat(HostConfigJson.contentHashOf(r.hostConfigJson())).isEqualTo(r.configHash());
    assertThat(r.accounts())
        .extracting(GuestAccount::name, GuestAccount::groups)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", List.of("login", "sudo-srv", "users")),
            org.assertj.core.groups.Tuple.tuple("bob", List.of("login", "users")),
            org.assertj.core.groups.Tuple.tuple("s-myapp", List.of("service")));
    assertThat(r.attributes())
        .containsOnlyKeys("configHash", "users", "groups", "swap", "tmp", "firewall", "roles")
        .containsEntry("roles", "postgresql16, redis")
        .containsEntry("swap", "/dev/vdb")
        .containsEntry("tmp", "/dev/vdc")
        .containsEntry("firewall", "activated");
    assertThat(
            GuestResources.desired(
                    fleet,
                    env,
                    env.vm("myapp01").orElseThrow(),
                    OPTIONS,
                    GuestPlatform.NOT_OBSERVED)
                .attributes())
        .containsOnlyKeys("configHash", "users", "groups", "roles");
    assertThat(r.attributes().get("groups"))
        .isEqualTo("alice:login+sudo-srv+users,bob:login+users,s-myapp:service");
  }

  static Stream<Arguments> targets() {
    SshEndpoint bastion = new SshEndpoint("bastion.example", 2222, null);
    SshEndpoint vmOnly = new SshEndpoint("127.0.0.1", null, "admin");
    return Stream.of(
        Arguments.of("default: srv IPv4, 22, root", null, null, "10.3.0.11", 22, "root"),
        Arguments.of("hypervisor override", bastion, null, "bastion.example", 2222, "root"),
        Arguments.of(
            "VM override wins field by field", bastion, vmOnly, "127.0.0.1", 2222, "admin"),
        Arguments.of("VM override alone", null, vmOnly, "127.0.0.1", 22, "admin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void target(
      String name,
      SshEndpoint onHypervisor,
      SshEndpoint onVm,
      String address,
      int port,
      String user) {
    Environment env = SampleFleet.production();
    VmSpec base = env.vm("myapp01").orElseThrow();
    VmSpec vm =
        new VmSpec(
            base.name(),
            base.host(),
            base.memory(),
            base.cores(),
            base.disk(),
            null,
            null,
            base.roles(),
            true,
            base.addresses(),
            false,
            onVm);
    Hypervisor h = SampleFleet.fleet().hypervisor("kvm01").orElseThrow();
    Hypervisor kvm01 =
        new Hypervisor(
            h.name(),
            h.uri(),
            h.storagePool(),
            h.baseImage(),
            h.bridges(),
            h.capacity(),
            h.domainType(),
            h.directBoot(),
            onHypervisor,
            h.source());
    Fleet fleet = new Fleet(List.of(kvm01), List.of(env));

    assertThat(GuestResources.target(fleet, env, vm, OPTIONS))
        .isEqualTo(new GuestTarget("myapp01", address, port, user));
  }
}
