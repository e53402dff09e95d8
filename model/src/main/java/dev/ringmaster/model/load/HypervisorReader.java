package dev.ringmaster.model.load;

import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Hypervisor.Bridges;
import dev.ringmaster.model.Hypervisor.Capacity;
import dev.ringmaster.model.Hypervisor.DirectBoot;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.validate.HypervisorUris;
import dev.ringmaster.model.validate.Names;
import dev.ringmaster.model.validate.OpenSshKeys;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads a {@code kind: Hypervisor} document. */
final class HypervisorReader {
  static final List<String> KEYS =
      List.of(
          "apiVersion",
          "kind",
          "name",
          "uri",
          "storagePool",
          "baseImage",
          "bridges",
          "capacity",
          "domainType",
          "directBoot",
          "ssh",
          "hostKey",
          "backupPool");

  private static final Pattern URI = Pattern.compile("^[a-z][a-z0-9+.-]*:\\S*$");
  private static final Pattern BRIDGE =
      Pattern.compile("^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$");
  private static final String BRIDGE_RULE =
      "write a Linux interface name of at most 15 letters, digits, dots, dashes, such as br-fe";
  private static final String VOLUME_RULE =
      "write a libvirt name of letters, digits, dots, dashes and underscores";

  private HypervisorReader() {}

  static Hypervisor read(Fields f) {
    String name = f.name("name", Names.NAME, CommonReader.NAME_RULE, true);
    String uri = uri(f);
    String pool = f.name("storagePool", Names.LIBVIRT_NAME, VOLUME_RULE, true);
    String baseImage = f.name("baseImage", Names.LIBVIRT_NAME, VOLUME_RULE, false);
    Bridges bridges = bridges(f);
    Capacity capacity = capacity(f);
    String domainType = f.choice("domainType", List.of("kvm", "qemu"), "kvm");
    DirectBoot directBoot = directBoot(f);
    String backupPool = f.name("backupPool", Names.LIBVIRT_NAME, VOLUME_RULE, false);
    return new Hypervisor(
        name,
        uri,
        pool,
        baseImage,
        bridges,
        capacity,
        domainType,
        directBoot,
        CommonReader.ssh(f),
        hostKey(f, uri),
        f.doc().sourceMap(),
        backupPool);
  }

  private static String uri(Fields f) {
    String uri = f.text("uri", true);
    if (uri != null && !URI.matcher(uri).matches()) {
      f.doc()
          .error(
              f.value("uri"),
              f.at("uri"),
              Names.quote(uri) + " is not a libvirt URI",
              "write a URI such as qemu:///system or qemu+libssh://root@kvm01/system");
      return uri;
    }
    if (uri != null) {
      Optional<HypervisorUris.Problem> refused = HypervisorUris.problem(uri);
      refused.ifPresent(p -> f.doc().error(f.value("uri"), f.at("uri"), p.message(), p.hint()));
      if (refused.isEmpty()) {
        HypervisorUris.warning(uri)
            .ifPresent(p -> f.doc().warning(f.value("uri"), f.at("uri"), p.message(), p.hint()));
      }
    }
    return uri;
  }

  private static String hostKey(Fields f, String uri) {
    String key = f.text("hostKey", false);
    if (key == null) {
      return null;
    }
    String hint = "write the host's public key as in its /etc/ssh/ssh_host_ed25519_key.pub";
    OpenSshKeys.problem(key)
        .ifPresent(
            p ->
                f.doc()
                    .error(
                        f.value("hostKey"),
                        f.at("hostKey"),
                        Names.quote(key) + " is not an SSH public key: " + p,
                        hint));
    if (uri != null && !HypervisorUris.pinsHostKey(uri)) {
      f.doc()
          .error(
              f.value("hostKey"),
              f.at("hostKey"),
              "hostKey is checked only for qemu+libssh:// URIs",
              "write uri: qemu+libssh://root@HOST/system, or remove hostKey");
    }
    String[] parts = key.trim().split("\\s+");
    return parts.length >= 2 ? parts[0] + " " + parts[1] : key.trim();
  }

  private static Bridges bridges(Fields f) {
    Fields b = f.mapping("bridges", List.of("fe", "srv"), true);
    if (b == null) {
      return null;
    }
    return new Bridges(
        b.name("fe", BRIDGE, BRIDGE_RULE, true), b.name("srv", BRIDGE, BRIDGE_RULE, true));
  }

  private static Capacity capacity(Fields f) {
    Fields c = f.mapping("capacity", List.of("memory", "cores"), true);
    if (c == null) {
      return null;
    }
    Size memory = c.size("memory", true);
    Integer cores = c.integer("cores", true, 1, 100_000, "a number of cores such as 64");
    return new Capacity(memory, cores == null ? 0 : cores);
  }

  private static DirectBoot directBoot(Fields f) {
    Fields d = f.mapping("directBoot", List.of("kernel", "initrd", "cmdline"), false);
    if (d == null) {
      return null;
    }
    return new DirectBoot(
        d.text("kernel", true), d.text("initrd", false), d.text("cmdline", false));
  }
}
