package dev.ringmaster.model.validate;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** VM names, hypervisor references, sizes, roles and root disk growth. */
final class VmRules {
  static final Size MIN_MEMORY = Size.mib(512);

  private final Fleet fleet;
  private final AppliedRootDisks lastApplied;
  private final Report report;
  private final Map<String, Position> firstVm = new HashMap<>();

  VmRules(Fleet fleet, AppliedRootDisks lastApplied, Report report) {
    this.fleet = fleet;
    this.lastApplied = lastApplied;
    this.report = report;
  }

  void check() {
    for (Environment env : fleet.environments()) {
      List<VmSpec> vms = env.vms();
      for (int i = 0; i < vms.size(); i++) {
        Vm vm = new Vm(env, vms.get(i), "vms[" + i + "]");
        name(vm);
        host(vm);
        sizes(vm);
        roles(vm);
      }
    }
  }

  private record Vm(Environment env, VmSpec spec, String path) {
    String at(String key) {
      return path + "." + key;
    }
  }

  private void name(Vm vm) {
    String name = vm.spec().name();
    String group = vm.env().resourceGroup();
    if (group != null && !belongsTo(name, group)) {
      report.error(
          vm.env().source(),
          vm.at("name"),
          "VM name " + Names.quote(name) + " is not " + group + " followed by two digits",
          "VM names are <resourceGroup><two digits>; write e.g. " + group + "00");
    }
    Position here = Report.at(vm.env().source(), vm.at("name"));
    Position first = firstVm.putIfAbsent(name, here);
    if (first != null) {
      report.error(
          vm.env().source(),
          vm.at("name"),
          "VM " + name + " is already declared at " + first,
          "VM names are unique across the fleet; pick another number");
    }
  }

  static boolean belongsTo(String vmName, String group) {
    return vmName.startsWith(group) && vmName.substring(group.length()).matches("\\d{2}");
  }

  private void host(Vm vm) {
    String host = vm.spec().host();
    if (host == null || fleet.hypervisor(host).isPresent()) {
      return;
    }
    List<String> known = fleet.hypervisors().stream().map(Hypervisor::name).toList();
    String hint =
        Nearest.of(host, known)
            .map(n -> "did you mean " + n + "? Hypervisors are declared in hosts/")
            .orElse("declare it in hosts/" + host + ".yaml");
    report.error(
        vm.env().source(),
        vm.at("host"),
        "hypervisor " + Names.quote(host) + " does not exist",
        hint);
  }

  private void sizes(Vm vm) {
    VmSpec spec = vm.spec();
    positive(vm, "memory", spec.memory());
    if (spec.memory() != null
        && !spec.memory().isZero()
        && spec.memory().compareTo(MIN_MEMORY) < 0) {
      report.error(
          vm.env().source(),
          vm.at("memory"),
          "memory " + spec.memory() + " is less than the minimum of " + MIN_MEMORY,
          "write at least " + MIN_MEMORY);
    }
    if (spec.cores() < 1) {
      report.error(
          vm.env().source(),
          vm.at("cores"),
          spec.cores() + " cores is too few",
          "write at least cores: 1");
    }
    positive(vm, "disk", spec.disk());
    positive(vm, "swap", spec.swap());
    positive(vm, "tmp", spec.tmp());
    rootDisk(vm);
  }

  private void positive(Vm vm, String key, Size size) {
    if (size != null && size.isZero()) {
      report.error(
          vm.env().source(),
          vm.at(key),
          key + " is zero",
          "write a positive size such as " + (key.equals("memory") ? "4GiB" : "30GiB"));
    }
  }

  private void rootDisk(Vm vm) {
    Size disk = vm.spec().disk();
    Optional<Size> last = lastApplied.rootDisk(vm.spec().name());
    if (disk != null && last.isPresent() && disk.compareTo(last.get()) < 0) {
      report.error(
          vm.env().source(),
          vm.at("disk"),
          "root disk "
              + disk
              + " is smaller than the "
              + last.get()
              + " last applied; root disks only grow",
          "write " + last.get() + " or more");
    }
  }

  private void roles(Vm vm) {
    List<String> roles = vm.spec().roles();
    Set<String> seen = new HashSet<>();
    for (int r = 0; r < roles.size(); r++) {
      String role = roles.get(r);
      String at = vm.path() + ".roles[" + r + "]";
      if (!RoleCatalogue.contains(role)) {
        report.error(
            vm.env().source(),
            at,
            "unknown role " + Names.quote(role),
            "did you mean " + RoleCatalogue.nearest(role).orElse("generic") + "?");
      } else if (!seen.add(role)) {
        report.error(vm.env().source(), at, "role " + role + " is listed twice", "remove one");
      }
    }
    for (List<String> conflict : RoleCatalogue.conflicts(roles)) {
      report.error(
          vm.env().source(),
          vm.at("roles"),
          "roles " + String.join(" and ", conflict) + " exclude each other",
          "keep only one of them");
    }
  }
}
