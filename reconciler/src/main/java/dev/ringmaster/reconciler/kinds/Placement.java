package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.VmSpec;

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
}
