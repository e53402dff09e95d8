package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.backup.RestorePoint;

/**
 * A restore asked of the daemon ({@code POST /v1/vms/{vm}/restore}): the VM, which backup ({@code
 * at}), the consent to overwrite its root disk, whether to run outside the maintenance window, and
 * whether only to preview it. {@code by} names the operator for the journal. Immutable.
 */
public record RestoreRequest(
    String vm, RestorePoint at, boolean allowDestroy, boolean force, boolean dryRun, String by) {
  public RestoreRequest {
    if (vm == null || vm.isBlank() || at == null) {
      throw new IllegalArgumentException("a restore needs a VM and a restore point");
    }
  }
}
