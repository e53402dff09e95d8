package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsRecordResource;
import dev.ringmaster.driver.spi.DnsZoneObservation;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Differences;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Plans DNS names: a pure function of the desired names, the zones read and the last-applied
 * records. A missing name is created, an owned name with other values updated, an owned name no
 * longer desired deleted (all {@code live}); a desired name that exists without Ringmaster's marker
 * (or with another owner's) is refused; nothing is planned in a zone that could not be read (listed
 * as unreachable {@code dns/<zone>}: only DNS changes wait).
 */
public final class DnsPlanning {
  private final SortedMap<ResourceId, DnsRecordResource> desired;
  private final DnsObservation observed;
  private final LastApplied lastApplied;
  private final Set<String> scope;
  private final SortedMap<String, DnsZoneTarget> targets;
  private final List<Change> changes = new ArrayList<>();
  private final List<Refusal> refused = new ArrayList<>();
  private final SortedMap<String, String> unreachable = new TreeMap<>();

  /** What planning DNS gave, to be merged into the pass's plan. Immutable. */
  public record Result(
      List<Change> changes, List<Refusal> refused, SortedMap<String, String> unreachable) {
    public Result {
      changes = List.copyOf(changes);
      refused = List.copyOf(refused);
      unreachable = new TreeMap<>(unreachable);
    }
  }

  /**
   * @param scope the environments planned (empty: all)
   * @param targets every zone of the fleet by name (deletions in zones no longer desired need it)
   */
  public DnsPlanning(
      SortedMap<ResourceId, DnsRecordResource> desired,
      DnsObservation observed,
      LastApplied lastApplied,
      Set<String> scope,
      SortedMap<String, DnsZoneTarget> targets) {
    this.desired = desired;
    this.observed = observed;
    this.lastApplied = lastApplied;
    this.scope = scope;
    this.targets = targets;
  }

  public Result plan() {
    for (DnsRecordResource r : desired.values()) {
      planName(r);
    }
    leftovers();
    return new Result(changes, refused, unreachable);
  }

  private void planName(DnsRecordResource r) {
    String zone = r.target().zone();
    Optional<DnsZoneObservation> seen = zoneOrUnreachable(zone);
    if (seen.isEmpty()) {
      return;
    }
    DnsZoneObservation z = seen.get();
    Optional<String> owner = z.ownerOf(r.name());
    SortedMap<String, List<String>> present = z.recordsAt(r.name());
    if (owner.isPresent() && !owner.get().equals(r.target().owner())) {
      refused.add(
          new Refusal(
              r.id(),
              r.environment(),
              "the name is owned by another Ringmaster (owner=" + owner.get() + "); not touched"));
    } else if (owner.isEmpty() && !present.isEmpty()) {
      refused.add(
          new Refusal(
              r.id(),
              r.environment(),
              "the name exists and is not Ringmaster's ("
                  + describe(present)
                  + "); it is never changed: remove it by hand to let Ringmaster manage it"));
    } else if (owner.isEmpty()) {
      changes.add(
          change(r.id(), r.environment(), Action.CREATE, Map.of(), r, describe(r.records())));
    } else {
      SortedMap<String, String> before = DnsRecordResource.attributesOf(z.managedAt(r.name()));
      boolean same = before.equals(r.attributes());
      changes.add(
          change(
              r.id(),
              r.environment(),
              same ? Action.NO_OP : Action.UPDATE,
              before,
              r,
              same ? "" : Differences.describe(before, r.attributes())));
    }
  }

  private void leftovers() {
    for (Map.Entry<String, DnsZoneObservation> e : observed.zones().entrySet()) {
      DnsZoneTarget target = targets.get(e.getKey());
      if (target == null) {
        continue;
      }
      for (String name : e.getValue().ownedBy(target.owner())) {
        ResourceId id = ResourceId.dns(e.getKey(), name);
        if (desired.containsKey(id)) {
          continue;
        }
        Optional<String> env = lastApplied.get(id).map(AppliedRecord::environment);
        if (scope.isEmpty() || (env.isPresent() && scope.contains(env.get()))) {
          SortedMap<String, List<String>> before = e.getValue().managedAt(name);
          DnsRecordResource released =
              new DnsRecordResource(target, name, env.orElse(""), new TreeMap<>());
          changes.add(
              change(
                  id,
                  env.orElse(""),
                  Action.DELETE,
                  DnsRecordResource.attributesOf(before),
                  released,
                  "no VM has this name any more; releases " + describe(before)));
        }
      }
    }
    for (AppliedRecord r : lastApplied.records().values()) {
      if (r.resource().kind() == ResourceKind.DNS
          && !desired.containsKey(r.resource())
          && (scope.isEmpty() || scope.contains(r.environment()))) {
        observed
            .failure(r.resource().host())
            .ifPresent(why -> unreachable.put("dns/" + r.resource().host(), why));
      }
    }
  }

  private Optional<DnsZoneObservation> zoneOrUnreachable(String zone) {
    Optional<String> failure = observed.failure(zone);
    if (failure.isPresent()) {
      unreachable.put("dns/" + zone, failure.get());
      return Optional.empty();
    }
    Optional<DnsZoneObservation> z = observed.zone(zone);
    if (z.isEmpty()) {
      unreachable.put("dns/" + zone, "not observed");
    }
    return z;
  }

  private static Change change(
      ResourceId id,
      String env,
      Action action,
      Map<String, String> before,
      DnsRecordResource after,
      String reason) {
    return new Change(
        id,
        env,
        action,
        Impact.LIVE,
        new TreeMap<>(before),
        action == Action.DELETE ? new TreeMap<>() : after.attributes(),
        after,
        reason);
  }

  /** {@code A 10.3.0.5, AAAA 2001:db8:3::5}. */
  static String describe(Map<String, List<String>> records) {
    return records.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + " " + v))
        .collect(Collectors.joining(", "));
  }
}
