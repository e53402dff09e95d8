package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
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
      if (r.resource().kind() == ResourceKind.GUEST && inScope(r)) {
        observed
            .guestUnreachable(r.resource().name())
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
    HypervisorObservation host = observed.reachable(r.resource().host()).orElseThrow();
    if (r.resource().kind() == ResourceKind.GUEST
        && observed.guest(r.resource().name()).isEmpty()) {
      return;
    }
    Optional<SortedMap<String, String>> live = liveAttributes(r, host);
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

  /** The live attributes; empty when the object is gone. */
  private Optional<SortedMap<String, String>> liveAttributes(
      AppliedRecord r, HypervisorObservation host) {
    ResourceId id = r.resource();
    String name = id.name();
    return switch (id.kind()) {
      case NETWORK ->
          host.networks().stream()
              .filter(n -> n.name().equals(name))
              .findFirst()
              .map(n -> n.attributes());
      case VOLUME ->
          host.volumes().stream()
              .filter(v -> v.name().equals(name) && v.pool().equals(r.attributes().get("pool")))
              .findFirst()
              .map(v -> v.attributes());
      case DOMAIN ->
          host.domains().stream()
              .filter(d -> d.name().equals(name))
              .findFirst()
              .map(d -> d.attributes());
      case GUEST -> observed.guest(name).map(GuestObservation::attributes);
      case DNS -> Optional.empty();
    };
  }
}
