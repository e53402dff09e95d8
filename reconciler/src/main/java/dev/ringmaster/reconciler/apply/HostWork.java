package dev.ringmaster.reconciler.apply;

import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The changes of one host (a hypervisor, or the endpoint of a kind outside hypervisors), split into
 * phases: objects shared per host (networks) first, then one sequential chain per VM in kind order
 * (volumes, seed, domain, guest; for deletions the reverse), then deletions of shared objects.
 */
record HostWork(
    String host, List<Change> networksUp, List<List<Change>> chains, List<Change> networksDown) {
  private static final ResourceKinds KINDS = ResourceKinds.installed();
  private static final Comparator<Change> CHAIN_ORDER =
      Comparator.comparing((Change c) -> c.action() == Action.DELETE)
          .thenComparing(
              c ->
                  c.action() == Action.DELETE
                      ? -c.resource().kind().ordinal()
                      : c.resource().kind().ordinal())
          .thenComparing(c -> c.resource().name());

  static Map<String, HostWork> split(List<Change> changes) {
    Map<String, List<Change>> byHost = new TreeMap<>();
    changes.forEach(
        c -> byHost.computeIfAbsent(c.resource().host(), h -> new ArrayList<>()).add(c));
    Map<String, HostWork> out = new TreeMap<>();
    byHost.forEach((host, list) -> out.put(host, of(host, list)));
    return out;
  }

  private static HostWork of(String host, List<Change> changes) {
    List<Change> up = new ArrayList<>();
    List<Change> down = new ArrayList<>();
    Map<String, List<Change>> chains = new TreeMap<>();
    for (Change c : changes) {
      if (KINDS.of(c.resource()).sharedPerHost()) {
        (c.action() == Action.DELETE ? down : up).add(c);
      } else {
        chains.computeIfAbsent(vmOf(c), k -> new ArrayList<>()).add(c);
      }
    }
    List<List<Change>> ordered = new ArrayList<>();
    chains
        .values()
        .forEach(
            chain -> {
              chain.sort(CHAIN_ORDER);
              ordered.add(List.copyOf(chain));
            });
    return new HostWork(host, up, ordered, down);
  }

  /** True when a change of this host goes through the hypervisor's driver. */
  boolean hypervisorBound() {
    return networksUp.stream().anyMatch(c -> KINDS.of(c.resource()).hypervisorBound())
        || networksDown.stream().anyMatch(c -> KINDS.of(c.resource()).hypervisorBound())
        || chains.stream()
            .flatMap(List::stream)
            .anyMatch(c -> KINDS.of(c.resource()).hypervisorBound());
  }

  /** The chain a change belongs to (for VM resources, the VM name). */
  static String vmOf(Change c) {
    return KINDS.of(c.resource()).chain(c.resource());
  }
}
