package dev.ringmaster.reconciler.ui;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One VM of the environment page: what Git declares (host, memory, cores, disk, roles) and what the
 * plan computed now observed (power state from the domain's {@code before}, guest status from the
 * guest resource or the plan's unreachable list). Immutable.
 */
record VmRow(
    String name,
    String host,
    String memory,
    int cores,
    String disk,
    List<String> roles,
    String power,
    String guest) {

  static List<VmRow> of(Environment env, Plan plan) {
    List<VmRow> rows = new ArrayList<>();
    for (VmSpec vm : env.vms()) {
      rows.add(
          new VmRow(
              vm.name(),
              vm.host(),
              String.valueOf(vm.memory()),
              vm.cores(),
              String.valueOf(vm.disk()),
              vm.roles(),
              power(vm, plan),
              guest(vm, plan)));
    }
    return rows;
  }

  private static String power(VmSpec vm, Plan plan) {
    if (plan == null) {
      return "unknown";
    }
    String unreachable = plan.unreachable().get(vm.host());
    if (unreachable != null) {
      return "unknown (hypervisor unreachable)";
    }
    return change(plan, ResourceId.domain(vm.host(), vm.name()))
        .map(
            c ->
                c.before().isEmpty()
                    ? "not defined"
                    : "true".equals(c.before().get("running")) ? "running" : "shut off")
        .orElse("unknown");
  }

  private static String guest(VmSpec vm, Plan plan) {
    if (plan == null) {
      return "unknown";
    }
    ResourceId id = ResourceId.guest(vm.host(), vm.name());
    String why = plan.unreachable().get(id.toString());
    if (why != null) {
      return "not answering: " + why;
    }
    Optional<Change> c = change(plan, id);
    if (c.isEmpty()) {
      return vm.online() ? "not managed" : "offline by design";
    }
    return c.get().action() == Action.NO_OP
        ? "configured"
        : "change pending (" + c.get().action().name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  private static Optional<Change> change(Plan plan, ResourceId id) {
    return plan.changes().stream().filter(c -> c.resource().equals(id)).findFirst();
  }

  static Map<String, String> unreachableHosts(Plan plan) {
    return plan == null ? Map.of() : plan.unreachable();
  }
}
