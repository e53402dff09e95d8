package dev.ringmaster.reconciler.desired;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hypervisors that carry at least one VM of a fleet. Remembers the answer for the last fleet
 * asked (fleets are immutable and the daemon plans many environments against one), so a scoped
 * derivation does not walk every VM of the fleet on every pass. Thread-safe.
 */
public final class HostsInUse {
  private record Entry(Fleet fleet, Set<String> hosts) {}

  private static final AtomicReference<Entry> LAST = new AtomicReference<>();

  private HostsInUse() {}

  public static Set<String> of(Fleet fleet) {
    Entry last = LAST.get();
    if (last != null && last.fleet() == fleet) {
      return last.hosts();
    }
    Set<String> hosts = new TreeSet<>();
    for (Environment env : fleet.environments()) {
      for (VmSpec vm : env.vms()) {
        if (vm.host() != null) {
          hosts.add(vm.host());
        }
      }
    }
    Set<String> frozen = Set.copyOf(hosts);
    LAST.set(new Entry(fleet, frozen));
    return frozen;
  }
}
