package dev.ringmaster.model.load;

import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.DriftPolicy;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.ServiceUserSpec;
import dev.ringmaster.model.UserSpec;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.validate.Names;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a {@code kind: Environment} document. */
final class EnvironmentReader {
  static final List<String> KEYS =
      List.of(
          "apiVersion",
          "kind",
          "name",
          "resourceGroup",
          "production",
          "location",
          "maintenance",
          "backup",
          "driftPolicy",
          "protected",
          "networks",
          "users",
          "serviceUsers",
          "vms");

  private static final String GROUP_RULE =
      "write lower case letters and digits without dashes, starting with a letter, such as myapp";

  private EnvironmentReader() {}

  static Environment read(Fields f) {
    String name = f.name("name", Names.NAME, CommonReader.NAME_RULE, true);
    String group = f.name("resourceGroup", Names.RESOURCE_GROUP, GROUP_RULE, true);
    boolean production = f.bool("production", false);
    String location = f.text("location", false);
    var maintenance = MaintenanceReader.read(f);
    String backup = f.choice("backup", VmReader.BACKUP_POLICIES, "default");
    String drift = f.choice("driftPolicy", List.of("revert", "report"), "revert");
    boolean protectedEnv = f.bool("protected", false);
    Map<NetworkKind, NetworkSpec> networks = networks(f);
    List<UserSpec> users = UserReader.users(f);
    List<ServiceUserSpec> serviceUsers = UserReader.serviceUsers(f);
    List<VmSpec> vms = vms(f);
    return new Environment(
        name,
        group,
        production,
        location == null ? "" : location,
        maintenance,
        Backup.valueOf(backup.toUpperCase(Locale.ROOT)),
        DriftPolicy.valueOf(drift.toUpperCase(Locale.ROOT)),
        protectedEnv,
        networks,
        users,
        serviceUsers,
        vms,
        f.doc().sourceMap());
  }

  private static Map<NetworkKind, NetworkSpec> networks(Fields f) {
    Fields n = f.mapping("networks", List.of("fe", "srv"), true);
    Map<NetworkKind, NetworkSpec> out = new EnumMap<>(NetworkKind.class);
    if (n == null) {
      return out;
    }
    for (NetworkKind kind : NetworkKind.values()) {
      Fields net = n.mapping(kind.key(), List.of("vlan", "ipv4", "ipv6"), true);
      if (net == null) {
        continue;
      }
      Integer vlan = net.integer("vlan", true, 1, 4094, "a VLAN id from 1 to 4094");
      Cidr ipv4 = CommonReader.cidr(net, "ipv4", true);
      Cidr ipv6 = CommonReader.cidr(net, "ipv6", false);
      if (!net.has("ipv4") && !net.has("ipv6")) {
        net.doc()
            .error(
                net.node(),
                net.path(),
                "network " + kind.key() + " has neither ipv4 nor ipv6",
                "add ipv4: 10.3.0.0/24 or ipv6: 2001:db8:3::/64");
      }
      out.put(kind, new NetworkSpec(vlan == null ? 0 : vlan, ipv4, ipv6));
    }
    return out;
  }

  private static List<VmSpec> vms(Fields f) {
    List<VmSpec> out = new ArrayList<>();
    for (Map.Entry<String, Node> item : f.items("vms")) {
      Fields vm = Fields.of(f.doc(), item.getValue(), item.getKey(), VmReader.KEYS);
      if (vm != null) {
        out.add(VmReader.read(vm));
      }
    }
    return out;
  }
}
