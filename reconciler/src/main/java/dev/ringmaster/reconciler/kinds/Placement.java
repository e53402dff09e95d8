package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.VmSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Where a VM is placed, for the handlers that derive a VM's parts. Pure. */
final class Placement {
  private Placement() {}

  /** The hypervisor {@code vm} is placed on; an error when the fleet has none of that name. */
  static Hypervisor hypervisor(Fleet fleet, VmSpec vm) {
    return fleet
        .hypervisor(vm.host())
        .orElseThrow(
            () ->
                new RingmasterException(
                    "VM " + vm.name() + " is placed on unknown hypervisor " + vm.host()));
  }

  /** What {@code parts} derives for each VM of {@code environment} on its hypervisor, in order. */
  static List<DesiredResource> eachVm(
      Fleet fleet,
      Environment environment,
      BiFunction<VmSpec, Hypervisor, List<? extends DesiredResource>> parts) {
    List<DesiredResource> out = new ArrayList<>();
    for (VmSpec vm : environment.vms()) {
      out.addAll(parts.apply(vm, hypervisor(fleet, vm)));
    }
    return out;
  }
}
