package dev.ringmaster.model.validate;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Memory and cores of all VMs placed on a hypervisor, online or not, stay within its capacity. The
 * first VM (in file order) that overflows is reported, naming the total.
 */
final class CapacityRules {
  private final Fleet fleet;
  private final Report report;
  private final Map<String, Size> memory = new HashMap<>();
  private final Map<String, Integer> cores = new HashMap<>();
  private final Set<String> reported = new HashSet<>();

  CapacityRules(Fleet fleet, Report report) {
    this.fleet = fleet;
    this.report = report;
  }

  void check() {
    for (Environment env : fleet.environments()) {
      List<VmSpec> vms = env.vms();
      for (int i = 0; i < vms.size(); i++) {
        VmSpec vm = vms.get(i);
        Hypervisor host = vm.host() == null ? null : fleet.hypervisor(vm.host()).orElse(null);
        if (host != null && host.capacity() != null) {
          place(env, vm, "vms[" + i + "]", host);
        }
      }
    }
  }

  private void place(Environment env, VmSpec vm, String path, Hypervisor host) {
    Hypervisor.Capacity capacity = host.capacity();
    if (vm.memory() != null && capacity.memory() != null) {
      Size total = memory.merge(host.name(), vm.memory(), Size::plus);
      if (total.compareTo(capacity.memory()) > 0 && reported.add(host.name() + "/memory")) {
        overflow(
            env, vm, path + ".memory", host, total + " of memory", capacity.memory().toString());
      }
    }
    int totalCores = cores.merge(host.name(), Math.max(vm.cores(), 0), Integer::sum);
    boolean known = capacity.cores() > 0;
    if (known && totalCores > capacity.cores() && reported.add(host.name() + "/cores")) {
      overflow(env, vm, path + ".cores", host, totalCores + " cores", capacity.cores() + " cores");
    }
  }

  private void overflow(
      Environment env, VmSpec vm, String at, Hypervisor host, String total, String capacity) {
    report.error(
        env.source(),
        at,
        "placing "
            + vm.name()
            + " on "
            + host.name()
            + " brings its VMs to "
            + total
            + ", more than its capacity of "
            + capacity,
        "move a VM to another hypervisor or give it less");
  }
}
