package dev.ringmaster.model.validate;

import dev.ringmaster.model.Addresses;
import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.InterfaceAddresses;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.VmSpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** VLANs of an environment's networks, and every VM address inside its network and unique. */
final class NetworkRules {
  private final Fleet fleet;
  private final Report report;
  private final Map<String, Taken> taken = new HashMap<>();

  private record Taken(String vm, Position where) {}

  NetworkRules(Fleet fleet, Report report) {
    this.fleet = fleet;
    this.report = report;
  }

  void check() {
    Map<Environment, List<AddressFact>> previous = LAST.get();
    Map<Environment, List<AddressFact>> current = new IdentityHashMap<>();
    for (Environment env : fleet.environments()) {
      vlans(env);
      List<AddressFact> facts = previous.get(env);
      if (facts == null) {
        facts = addressFacts(env);
      }
      current.put(env, facts);
      for (AddressFact f : facts) {
        apply(env, f);
      }
    }
    LAST.set(current);
  }

  /**
   * What the address rules found for one VM address, before the fleet-wide uniqueness check: an
   * error ({@code message} set), or the address to claim ({@code key}, {@code shown}).
   */
  private record AddressFact(
      String vm,
      String at,
      Position where,
      NetworkKind kind,
      String message,
      String hint,
      String key,
      String shown) {}

  /**
   * The address facts of the environments of the last fleet checked, by identity: an environment
   * unchanged since the previous commit (the same object, reused by incremental loading) is not
   * derived again. Facts depend only on the environment itself.
   */
  private static final AtomicReference<Map<Environment, List<AddressFact>>> LAST =
      new AtomicReference<>(new IdentityHashMap<>());

  private static List<AddressFact> addressFacts(Environment env) {
    List<AddressFact> facts = new ArrayList<>();
    List<VmSpec> vms = env.vms();
    for (int i = 0; i < vms.size(); i++) {
      for (NetworkKind kind : NetworkKind.values()) {
        address(env, vms.get(i), "vms[" + i + "]", kind, true).ifPresent(facts::add);
        address(env, vms.get(i), "vms[" + i + "]", kind, false).ifPresent(facts::add);
      }
    }
    return List.copyOf(facts);
  }

  private void apply(Environment env, AddressFact f) {
    if (f.message() != null) {
      report.error(env.source(), f.at(), f.message(), f.hint());
    } else {
      unique(f);
    }
  }

  private void vlans(Environment env) {
    NetworkSpec fe = env.networks().get(NetworkKind.FE);
    NetworkSpec srv = env.networks().get(NetworkKind.SRV);
    for (NetworkKind kind : NetworkKind.values()) {
      NetworkSpec net = env.networks().get(kind);
      if (net != null && (net.vlan() < 1 || net.vlan() > 4094)) {
        report.error(
            env.source(),
            "networks." + kind.key() + ".vlan",
            "VLAN " + net.vlan() + " is outside 1..4094",
            "write a VLAN id from 1 to 4094");
      }
    }
    if (fe != null && srv != null && fe.vlan() == srv.vlan() && fe.vlan() != 0) {
      report.error(
          env.source(),
          "networks.srv.vlan",
          "VLAN " + srv.vlan() + " is also the fe network's VLAN",
          "the fe and srv networks need distinct VLANs");
    }
  }

  private static Optional<AddressFact> address(
      Environment env, VmSpec vm, String path, NetworkKind kind, boolean ipv4) {
    NetworkSpec net = env.networks().get(kind);
    InterfaceAddresses given = vm.addresses().get(kind);
    String written = given == null ? null : ipv4 ? given.ipv4() : given.ipv6();
    String at =
        written != null
            ? path + ".addresses." + kind.key() + (ipv4 ? ".ipv4" : ".ipv6")
            : path + ".name";
    Cidr subnet = net == null ? null : ipv4 ? net.ipv4() : net.ipv6();
    if (subnet == null) {
      if (written != null && net != null) {
        return Optional.of(
            error(
                vm,
                at,
                kind,
                "the " + kind.key() + " network has no " + (ipv4 ? "ipv4" : "ipv6") + " subnet",
                "add one under networks." + kind.key() + " or remove this address"));
      }
      return Optional.empty();
    }
    Optional<String> text = ipv4 ? Derived.ipv4(env, vm, kind) : Derived.ipv6(env, vm, kind);
    Optional<InetAddress> address = text.flatMap(Cidr::parseAddress);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    String shown = Addresses.format(address.get());
    if (!subnet.contains(address.get())) {
      return Optional.of(
          error(
              vm,
              at,
              kind,
              (written != null ? "address " : "the derived address ")
                  + shown
                  + " is outside the "
                  + kind.key()
                  + " network "
                  + subnet,
              written != null
                  ? "write an address inside " + subnet + " or leave it out to derive one"
                  : "give the VM an address under addresses."
                      + kind.key()
                      + " or use a larger network"));
    }
    return Optional.of(
        new AddressFact(
            vm.name(),
            at,
            Report.at(env.source(), at),
            kind,
            null,
            null,
            net.vlan() + "/" + shown,
            shown));
  }

  private static AddressFact error(
      VmSpec vm, String at, NetworkKind kind, String message, String hint) {
    return new AddressFact(vm.name(), at, null, kind, message, hint, null, null);
  }

  private void unique(AddressFact f) {
    Taken first = taken.putIfAbsent(f.key(), new Taken(f.vm(), f.where()));
    if (first != null) {
      report.error(
          f.where(),
          f.at(),
          "address "
              + f.shown()
              + " on the "
              + f.kind().key()
              + " network is also given to "
              + first.vm()
              + " at "
              + first.where(),
          "give each VM its own address");
    }
  }
}
