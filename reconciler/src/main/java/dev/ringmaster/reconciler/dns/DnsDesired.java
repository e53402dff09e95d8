package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsRecordResource;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.VmSpec;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The DNS names the fleet wants, for the environments in scope: per VM, {@code <vm>} with the
 * frontend addresses and {@code <vm>.srv} with the server network addresses (A and AAAA) in the
 * zone of the environment's location (or the fleet-wide zone), and a PTR record for every such
 * address that falls in one of the zone's reverse zones. Pure and deterministic.
 */
public final class DnsDesired {
  private DnsDesired() {}

  /** The desired names of {@code scope} (empty: every environment), keyed by id. */
  public static SortedMap<ResourceId, DnsRecordResource> of(Fleet fleet, Set<String> scope) {
    SortedMap<ResourceId, Builder> names = new TreeMap<>();
    for (Environment env : fleet.environments()) {
      if (!scope.isEmpty() && !scope.contains(env.name())) {
        continue;
      }
      Optional<DnsZone> zone = fleet.dnsZoneOf(env);
      if (zone.isEmpty()
          || zone.get().name() == null
          || zone.get().tsig() == null
          || (zone.get().server() == null && zone.get().serverEnv() == null)) {
        continue;
      }
      DnsZoneTarget target = DnsTargets.of(zone.get());
      for (VmSpec vm : env.vms()) {
        vmNames(names, zone.get(), target, env, vm);
      }
    }
    SortedMap<ResourceId, DnsRecordResource> out = new TreeMap<>();
    names.forEach((id, b) -> out.put(id, b.build()));
    return out;
  }

  private static void vmNames(
      SortedMap<ResourceId, Builder> names,
      DnsZone zone,
      DnsZoneTarget target,
      Environment env,
      VmSpec vm) {
    for (NetworkKind kind : NetworkKind.values()) {
      String name = kind == NetworkKind.FE ? vm.name() : vm.name() + ".srv";
      String fqdn = name + "." + zone.name() + ".";
      List<String> addresses = new ArrayList<>();
      Derived.ipv4(env, vm, kind).ifPresent(a -> addresses.add(a));
      Derived.ipv6(env, vm, kind).ifPresent(a -> addresses.add(a));
      for (String address : addresses) {
        String type = address.contains(":") ? "AAAA" : "A";
        builder(names, target, name, env).add(type, address);
        reverse(address, zone.reverseZones())
            .ifPresent(
                r -> builder(names, target.forZone(r.zone()), r.name(), env).add("PTR", fqdn));
      }
    }
  }

  private static Builder builder(
      SortedMap<ResourceId, Builder> names, DnsZoneTarget target, String name, Environment env) {
    return names.computeIfAbsent(
        ResourceId.dns(target.zone(), name), id -> new Builder(target, name, env.name()));
  }

  /** A reverse name split at the longest reverse zone that holds it. */
  record ReverseName(String zone, String name) {}

  /** The reverse name of {@code address} in the longest of {@code zones} that holds it. */
  static Optional<ReverseName> reverse(String address, Collection<String> zones) {
    String full = reverseName(address);
    ReverseName best = null;
    for (String zone : zones) {
      if (full.endsWith("." + zone) && (best == null || zone.length() > best.zone().length())) {
        best = new ReverseName(zone, full.substring(0, full.length() - zone.length() - 1));
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code 10.3.0.5} to {@code 5.0.3.10.in-addr.arpa}; IPv6 to its nibbles under ip6.arpa. */
  static String reverseName(String address) {
    InetAddress a;
    try {
      a = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + address, e);
    }
    byte[] bytes = a.getAddress();
    StringBuilder s = new StringBuilder();
    if (a instanceof Inet4Address) {
      for (int i = bytes.length - 1; i >= 0; i--) {
        s.append(bytes[i] & 0xff).append('.');
      }
      return s.append("in-addr.arpa").toString();
    }
    String hex = String.format("%032x", new BigInteger(1, bytes));
    for (int i = hex.length() - 1; i >= 0; i--) {
      s.append(hex.charAt(i)).append('.');
    }
    return s.append("ip6.arpa").toString().toLowerCase(Locale.ROOT);
  }

  private static final class Builder {
    private final DnsZoneTarget target;
    private final String name;
    private final String environment;
    private final SortedMap<String, List<String>> records = new TreeMap<>();

    Builder(DnsZoneTarget target, String name, String environment) {
      this.target = target;
      this.name = name;
      this.environment = environment;
    }

    void add(String type, String value) {
      records.computeIfAbsent(type, t -> new ArrayList<>()).add(value);
    }

    DnsRecordResource build() {
      return new DnsRecordResource(target, name, environment, records);
    }
  }
}
