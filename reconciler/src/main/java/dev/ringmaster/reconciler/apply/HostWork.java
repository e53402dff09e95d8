package dev.ringmaster.reconciler.apply;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The changes of one hypervisor, split into phases: networks first, then one sequential chain per
 * VM (volumes, domain, guest; or for deletions the domain, then its volumes), then network
 * deletions.
 */
record HostWork(
    String host, List<Change> networksUp, List<List<Change>> chains, List<Change> networksDown) {
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
      if (c.resource().kind() == ResourceKind.NETWORK) {
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

  /** The VM a change belongs to: volumes are named {@code <vm>-root|swap|tmp}. */
  static String vmOf(Change c) {
    String name = c.resource().name();
    if (c.resource().kind() == ResourceKind.VOLUME) {
      for (DiskRole role : DiskRole.values()) {
        String suffix = role.volumeName("");
        if (name.endsWith(suffix) && name.length() > suffix.length()) {
          return name.substring(0, name.length() - suffix.length());
        }
      }
    }
    return name;
  }
}
