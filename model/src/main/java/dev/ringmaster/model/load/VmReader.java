package dev.ringmaster.model.load;

import dev.ringmaster.model.Backup;
import dev.ringmaster.model.InterfaceAddresses;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.validate.Names;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads one item of an environment's {@code vms}. */
final class VmReader {
  static final List<String> KEYS =
      List.of(
          "name",
          "host",
          "memory",
          "cores",
          "disk",
          "swap",
          "tmp",
          "roles",
          "online",
          "addresses",
          "protected",
          "ssh",
          "backup");

  static final List<String> BACKUP_POLICIES = List.of("default", "frequent", "none");

  private VmReader() {}

  static VmSpec read(Fields f) {
    String name = f.name("name", Names.NAME, CommonReader.NAME_RULE, true);
    String host = f.name("host", Names.NAME, CommonReader.NAME_RULE, true);
    var memory = f.size("memory", true);
    Integer cores =
        f.integer(
            "cores", true, Integer.MIN_VALUE, Integer.MAX_VALUE, "a number of cores such as 2");
    var disk = f.size("disk", true);
    var swap = f.size("swap", false);
    var tmp = f.size("tmp", false);
    List<String> roles = f.texts("roles");
    boolean online = f.bool("online", true);
    Map<NetworkKind, InterfaceAddresses> addresses = addresses(f);
    boolean protectedVm = f.bool("protected", false);
    String backup = f.choice("backup", BACKUP_POLICIES, null);
    return new VmSpec(
        name == null ? "" : name,
        host,
        memory,
        cores == null ? 0 : cores,
        disk,
        swap,
        tmp,
        roles,
        online,
        addresses,
        protectedVm,
        CommonReader.ssh(f),
        backup == null ? null : Backup.valueOf(backup.toUpperCase(Locale.ROOT)));
  }

  private static Map<NetworkKind, InterfaceAddresses> addresses(Fields f) {
    Map<NetworkKind, InterfaceAddresses> out = new EnumMap<>(NetworkKind.class);
    Fields a = f.mapping("addresses", List.of("fe", "srv"), false);
    if (a == null) {
      return out;
    }
    for (NetworkKind kind : NetworkKind.values()) {
      Fields i = a.mapping(kind.key(), List.of("ipv4", "ipv6"), false);
      if (i != null) {
        out.put(
            kind,
            new InterfaceAddresses(
                CommonReader.address(i, "ipv4", true), CommonReader.address(i, "ipv6", false)));
      }
    }
    return out;
  }
}
