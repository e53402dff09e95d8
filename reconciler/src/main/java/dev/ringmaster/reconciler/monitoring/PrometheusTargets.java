package dev.ringmaster.reconciler.monitoring;

import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.VmSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus HTTP service-discovery document ({@code http_sd_configs}) of a fleet: one target
 * group per VM that should be running and has an {@code ethsrv} IPv4 address, target {@code
 * <address>:9100} (node exporter), labelled with {@code resource_group}, {@code environment},
 * {@code vm}, {@code roles} (comma-separated, with a leading and trailing comma so a regex can
 * match {@code .*,web,.*}), {@code hypervisor} and {@code production}. Pure.
 */
public final class PrometheusTargets {
  /** The node exporter's port. */
  public static final int NODE_EXPORTER_PORT = 9100;

  private PrometheusTargets() {}

  public static List<Map<String, Object>> of(Fleet fleet) {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Environment env : fleet.environments()) {
      for (VmSpec vm : env.vms()) {
        Optional<String> address =
            vm.online() ? Derived.ipv4(env, vm, NetworkKind.SRV) : Optional.empty();
        if (address.isPresent()) {
          groups.add(group(env, vm, address.get()));
        }
      }
    }
    return groups;
  }

  private static Map<String, Object> group(Environment env, VmSpec vm, String address) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("resource_group", env.resourceGroup());
    labels.put("environment", env.name());
    labels.put("vm", vm.name());
    labels.put("roles", vm.roles().isEmpty() ? "" : "," + String.join(",", vm.roles()) + ",");
    labels.put("hypervisor", vm.host());
    labels.put("production", Boolean.toString(env.production()));
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("targets", List.of(address + ":" + NODE_EXPORTER_PORT));
    group.put("labels", labels);
    return group;
  }
}
