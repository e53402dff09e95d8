package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.GuestAccount;
import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.SshEndpoint;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfig;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.model.validate.RoleCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Derives the desired {@link GuestResource} of a VM for the planner: its host config, the accounts
 * that config creates (as the NixOS module in {@code examples/nixos} makes them), and where to
 * reach it. Pure functions; thread-safe.
 */
public final class GuestResources {
  /** The primary group NixOS gives normal (human) users. */
  public static final String HUMAN_PRIMARY_GROUP = "users";

  private GuestResources() {}

  /**
   * The guest resource of {@code vm}. Address: the VM's {@code ssh.host}, else its hypervisor's,
   * else the VM's server-network IPv4 address; port and user likewise, else the options' defaults.
   *
   * @throws RingmasterException when no address can be found
   */
  public static GuestResource desired(
      Fleet fleet, Environment env, VmSpec vm, NixosDriverOptions options) {
    return desired(fleet, env, vm, options, GuestPlatform.OBSERVED);
  }

  /** The guest resource of {@code vm} with {@code platform}'s desired attributes. */
  public static GuestResource desired(
      Fleet fleet, Environment env, VmSpec vm, NixosDriverOptions options, GuestPlatform platform) {
    return desired(fleet, env, vm, options, platform, RoleCatalogue.DEFAULTS);
  }

  /**
   * The guest resource of {@code vm} with the platform role names resolved through {@code
   * roleDefaults} (a catalogue other than the installed one: what a later default would plan).
   */
  public static GuestResource desired(
      Fleet fleet,
      Environment env,
      VmSpec vm,
      NixosDriverOptions options,
      GuestPlatform platform,
      Map<String, String> roleDefaults) {
    HostConfig config = HostConfigRenderer.render(fleet, env, vm, roleDefaults);
    return new GuestResource(
        vm.host(),
        vm.name(),
        env.name(),
        target(fleet, env, vm, options),
        HostConfigJson.toJson(config),
        config.contentHash(),
        accounts(config),
        platform.desired(),
        recorded(config));
  }

  /**
   * The {@link GuestAttributes#RECORDED} attributes of {@code config}: its roles as resolved (when
   * it has any) and, when the resource group has a file, which accounts it declares and which the
   * environment adds.
   */
  public static SortedMap<String, String> recorded(HostConfig config) {
    SortedMap<String, String> out = new TreeMap<>();
    if (!config.roles().isEmpty()) {
      out.put(GuestAttributes.ROLES, GuestAttributes.roles(config.roles(), config.platformRoles()));
    }
    Map<String, String> sources = new TreeMap<>();
    config.users().forEach(u -> sources.put(u.name(), u.source()));
    config.serviceUsers().forEach(u -> sources.put(u.name(), u.source()));
    if (sources.values().stream().anyMatch(java.util.Objects::nonNull)) {
      String group = "resource-group " + config.resourceGroup();
      out.put(GuestAttributes.ACCOUNTS_FROM_GROUP, names(sources, group::equals));
      out.put(GuestAttributes.ACCOUNTS_FROM_ENVIRONMENT, names(sources, s -> !group.equals(s)));
    }
    return out;
  }

  /** The account names (sorted) whose source passes {@code source}, comma separated. */
  private static String names(Map<String, String> sources, Predicate<String> source) {
    return sources.entrySet().stream()
        .filter(e -> source.test(e.getValue()))
        .map(Map.Entry::getKey)
        .collect(Collectors.joining(", "));
  }

  /** Where {@code vm} is reached over SSH. */
  public static GuestTarget target(
      Fleet fleet, Environment env, VmSpec vm, NixosDriverOptions options) {
    SshEndpoint hypervisor =
        fleet.hypervisor(vm.host()).map(Hypervisor::ssh).orElse(SshEndpoint.NONE);
    SshEndpoint vmEndpoint = vm.ssh() == null ? SshEndpoint.NONE : vm.ssh();
    SshEndpoint e = vmEndpoint.orElse(hypervisor);
    String address =
        e.host() != null
            ? e.host()
            : Derived.ipv4(env, vm, NetworkKind.SRV)
                .orElseThrow(
                    () ->
                        new RingmasterException(
                            "VM "
                                + vm.name()
                                + " has no server-network IPv4 address and no ssh.host"));
    return new GuestTarget(
        vm.name(),
        address,
        e.port() != null ? e.port() : options.defaultPort(),
        e.user() != null ? e.user() : options.defaultUser());
  }

  /** The accounts a host config creates, each with every group it is in. */
  public static List<GuestAccount> accounts(HostConfig config) {
    List<GuestAccount> out = new ArrayList<>();
    config
        .users()
        .forEach(
            u ->
                out.add(
                    new GuestAccount(
                        u.name(),
                        u.uid(),
                        Stream.concat(u.groups().stream(), Stream.of(HUMAN_PRIMARY_GROUP))
                            .toList())));
    config
        .serviceUsers()
        .forEach(s -> out.add(new GuestAccount(s.name(), s.uid(), List.of(s.group()))));
    return out;
  }
}
