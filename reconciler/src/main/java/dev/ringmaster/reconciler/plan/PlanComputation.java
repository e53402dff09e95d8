package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One evaluation of {@link Planner#plan}: each desired resource through its kind's handler, then
 * each handler's owned leftovers.
 */
final class PlanComputation {
  private static final ResourceKinds KINDS = ResourceKinds.installed();
  private static final Comparator<Change> DELETION_ORDER =
      Comparator.comparing((Change c) -> c.resource().kind())
          .reversed()
          .thenComparing(c -> c.resource().host())
          .thenComparing(c -> c.resource().name());

  private final DesiredState desired;
  private final Observation observed;
  private final LastApplied lastApplied;
  private final Scope scope;
  private final List<Change> changes = new ArrayList<>();
  private final List<Refusal> refused = new ArrayList<>();
  private final SortedMap<String, String> unreachable = new TreeMap<>();

  PlanComputation(DesiredState desired, Observation observed, LastApplied lastApplied) {
    this.desired = desired;
    this.observed = observed;
    this.lastApplied = lastApplied;
    this.scope = new Scope(desired, observed, lastApplied);
  }

  Plan plan(String commit) {
    for (DesiredResource r : desired.resources().values()) {
      boolean allowed =
          r.environment().isEmpty()
              ? scope.mayTouchShared(r.id())
              : scope.mayTouch(r.id(), r.environment());
      if (allowed) {
        planDesired(r);
      }
    }
    List<Change> deletions = new ArrayList<>();
    for (ResourceKindHandler h : KINDS.all()) {
      h.leftovers(desired, observed, lastApplied, scope::mayTouch).stream()
          .filter(c -> scope.mayTouch(c.resource(), c.environment()))
          .forEach(deletions::add);
    }
    deletions.sort(DELETION_ORDER);
    changes.addAll(deletions);
    unreachable.putAll(scope.unreachable());
    return new Plan(commit, changes, refused, unreachable);
  }

  private void planDesired(DesiredResource r) {
    Planned p = KINDS.of(r.id()).plan(r, observed, lastApplied);
    p.change().ifPresent(changes::add);
    p.refusal().ifPresent(refused::add);
    p.unreachable().ifPresent(why -> unreachable.put(r.id().toString(), why));
  }
}
