package dev.ringmaster.model.hostconfig;

import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.ResourceGroup;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.ServiceUserSpec;
import dev.ringmaster.model.UserSpec;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.validate.RoleCatalogue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Derives the host config of a VM from the fleet spec. A pure function: the same spec gives an
 * equal config (and the same content hash) on every machine. Thread-safe. Every user and service
 * user of the environment is present on every VM of it.
 */
public final class HostConfigRenderer {
  private HostConfigRenderer() {}

  /**
   * The host config of {@code vm}, content hash included.
   *
   * @throws RingmasterException when {@code vm} is not declared by {@code env} in {@code fleet}
   */
  public static HostConfig render(Fleet fleet, Environment env, VmSpec vm) {
    return render(fleet, env, vm, RoleCatalogue.DEFAULTS);
  }

  /**
   * The host config of {@code vm} with the platform role names ({@code postgresql}, {@code mysql})
   * resolved through {@code roleDefaults} instead of the catalogue's current defaults.
   */
  public static HostConfig render(
      Fleet fleet, Environment env, VmSpec vm, java.util.Map<String, String> roleDefaults) {
    String declaring = fleet.environmentOfVm(vm.name()).map(Environment::name).orElse("");
    if (!declaring.equals(env.name()) || env.vm(vm.name()).isEmpty()) {
      throw new RingmasterException(
          "VM " + vm.name() + " is not declared by environment " + env.name());
    }
    HostConfig config =
        new HostConfig(
            vm.name(),
            env.resourceGroup(),
            env.name(),
            env.location(),
            env.production(),
            vm.roles().stream()
                .map(r -> RoleCatalogue.resolve(r, roleDefaults))
                .distinct()
                .sorted()
                .toList(),
            vm.roles().stream()
                .filter(roleDefaults::containsKey)
                .distinct()
                .collect(
                    java.util.stream.Collectors.toMap(
                        r -> r, r -> RoleCatalogue.resolve(r, roleDefaults))),
            interfaces(env, vm),
            users(fleet, env),
            serviceUsers(fleet, env),
            maintenance(env.maintenance()),
            backup(Backup.of(env, vm)),
            firewall(fleet, env),
            "");
    return config.withContentHash(HostConfigJson.contentHash(config));
  }

  /**
   * The network interfaces of {@code vm}'s host config alone (MACs, addresses), without rendering
   * the rest of it: for callers on the hot path that need only these (the first-boot seed).
   */
  public static List<HostInterface> interfaces(Environment env, VmSpec vm) {
    List<HostInterface> out = new ArrayList<>();
    for (NetworkKind kind : NetworkKind.values()) {
      NetworkSpec net = env.networks().get(kind);
      if (net != null) {
        out.add(
            new HostInterface(
                kind.key(),
                kind.interfaceName(),
                Derived.mac(vm.name(), net.vlan()),
                net.vlan(),
                ip(net.ipv4(), Derived.ipv4(env, vm, kind)),
                ip(net.ipv6(), Derived.ipv6(env, vm, kind))));
      }
    }
    return out;
  }

  private static HostInterface.IpConfig ip(Cidr subnet, Optional<String> address) {
    if (subnet == null || address.isEmpty()) {
      return null;
    }
    return new HostInterface.IpConfig(
        address.get(), subnet.prefixLength(), Derived.gateway(subnet));
  }

  private static List<HostUser> users(Fleet fleet, Environment env) {
    Optional<ResourceGroup> group = fleet.resourceGroup(env.resourceGroup());
    String own = group.isPresent() ? "environment " + env.name() : null;
    List<HostUser> out = new ArrayList<>();
    group.ifPresent(g -> g.users().forEach(u -> out.add(user(u, "resource-group " + g.name()))));
    env.users().forEach(u -> out.add(user(u, own)));
    out.sort(Comparator.comparing(HostUser::name));
    return List.copyOf(out);
  }

  private static HostUser user(UserSpec u, String source) {
    return new HostUser(
        u.name(),
        u.uid(),
        u.sshKeys(),
        u.permissions().stream().distinct().sorted().toList(),
        source);
  }

  private static List<HostServiceUser> serviceUsers(Fleet fleet, Environment env) {
    Optional<ResourceGroup> group = fleet.resourceGroup(env.resourceGroup());
    String own = group.isPresent() ? "environment " + env.name() : null;
    List<HostServiceUser> out = new ArrayList<>();
    group.ifPresent(
        g -> g.serviceUsers().forEach(s -> out.add(service(s, "resource-group " + g.name()))));
    env.serviceUsers().forEach(s -> out.add(service(s, own)));
    out.sort(Comparator.comparing(HostServiceUser::name));
    return List.copyOf(out);
  }

  private static HostServiceUser service(ServiceUserSpec s, String source) {
    return new HostServiceUser(
        s.name(), Derived.serviceUid(s), s.home(), HostServiceUser.GROUP, source);
  }

  /** The server-network addresses of every VM of {@code env}'s resource group, sorted. */
  private static HostFirewall firewall(Fleet fleet, Environment env) {
    java.util.SortedSet<String> v4 = new java.util.TreeSet<>();
    java.util.SortedSet<String> v6 = new java.util.TreeSet<>();
    for (Environment e : fleet.environments()) {
      if (e.resourceGroup().equals(env.resourceGroup())) {
        for (VmSpec v : e.vms()) {
          Derived.ipv4(e, v, NetworkKind.SRV).ifPresent(v4::add);
          Derived.ipv6(e, v, NetworkKind.SRV).ifPresent(v6::add);
        }
      }
    }
    List<String> all = new ArrayList<>(v4);
    all.addAll(v6);
    return new HostFirewall(all);
  }

  private static HostMaintenance maintenance(Maintenance m) {
    Maintenance given = m == null ? Maintenance.DEFAULT : m;
    return new HostMaintenance(
        given.window(), given.timezone().getId(), given.leadTime().toMinutes());
  }

  private static HostBackup backup(Backup b) {
    BiFunction<String, Integer, HostBackup> schedule =
        (name, hourly) -> new HostBackup(name, hourly, 7, 4, 3);
    return switch (b) {
      case DEFAULT -> schedule.apply("default", 0);
      case FREQUENT -> schedule.apply("frequent", 24);
      case NONE -> new HostBackup("none", 0, 0, 0, 0);
    };
  }
}
