package dev.ringmaster.reconciler.review;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.observe.ObservationBuilder;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import java.time.Instant;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The live state as it would be had the fleet converged at some commit: every desired resource of
 * that commit observed exactly as desired and owned by Ringmaster (as its kind's handler would
 * observe it), and recorded as last applied. Lets a pull request be planned without access to any
 * hypervisor. Pure.
 */
final class ConvergedObservation {
  private ConvergedObservation() {}

  /**
   * Observes {@code converged} on its hypervisors and on {@code moreHosts} (reachable, empty), so
   * that hypervisors new in the head are not taken for unreachable ones.
   */
  static Observation of(DesiredState converged, Collection<String> moreHosts) {
    TreeSet<String> hosts = new TreeSet<>(converged.hosts());
    hosts.addAll(moreHosts);
    ObservationBuilder live = new ObservationBuilder();
    hosts.forEach(live::host);
    ResourceKinds kinds = ResourceKinds.installed();
    for (DesiredResource r : converged.resources().values()) {
      kinds.of(r.id()).observeApplied(r, live);
    }
    return live.build();
  }

  /** Every resource of {@code converged} as last applied at {@code commit}. */
  static LastApplied lastApplied(DesiredState converged, String commit) {
    return LastApplied.of(
        converged.resources().values().stream()
            .map(
                r ->
                    new AppliedRecord(
                        r.id(), r.attributes(), r.environment(), commit, Instant.EPOCH))
            .toList());
  }
}
