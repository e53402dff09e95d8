package dev.ringmaster.reconciler.plan;

import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** One evaluation of {@link Planner#drift}: each last-applied record against what is observed. */
final class DriftComputation {
  private static final ResourceKinds KINDS = ResourceKinds.installed();
  private final Observation observed;
  private final LastApplied lastApplied;
  private final Scope scope;

  DriftComputation(DesiredState desired, Observation observed, LastApplied lastApplied) {
    this.observed = observed;
    this.lastApplied = lastApplied;
    this.scope = new Scope(desired, observed, lastApplied);
  }

  DriftReport drift(String commit) {
    List<DriftItem> items = new ArrayList<>();
    for (AppliedRecord r : lastApplied.records().values()) {
      if (inScope(r)) {
        compare(r, items);
      }
    }
    SortedMap<String, String> unreachable = new TreeMap<>(scope.unreachable());
    for (AppliedRecord r : lastApplied.records().values()) {
      if (inScope(r)) {
        KINDS
            .of(r.resource())
            .unanswered(r.resource(), observed)
            .ifPresent(why -> unreachable.put(r.resource().toString(), why));
      }
    }
    return new DriftReport(commit, items, unreachable);
  }

  private boolean inScope(AppliedRecord r) {
    return r.environment().isEmpty()
        ? scope.mayTouchShared(r.resource())
        : scope.mayTouch(r.resource(), r.environment());
  }

  private void compare(AppliedRecord r, List<DriftItem> items) {
    ResourceKindHandler kind = KINDS.of(r.resource());
    if (!kind.looked(r.resource(), observed)) {
      return;
    }
    Optional<SortedMap<String, String>> live = kind.live(r.resource(), r.attributes(), observed);
    if (live.isEmpty()) {
      items.add(new DriftItem(r.environment(), r.resource(), DriftItem.EXISTS, "true", "false"));
      return;
    }
    for (Map.Entry<String, String> e : r.attributes().entrySet()) {
      String now = live.get().get(e.getKey());
      if (!Objects.equals(e.getValue(), now)) {
        items.add(new DriftItem(r.environment(), r.resource(), e.getKey(), e.getValue(), now));
      }
    }
  }
}
