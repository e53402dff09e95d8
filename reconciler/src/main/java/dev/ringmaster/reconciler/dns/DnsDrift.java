package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsRecordResource;
import dev.ringmaster.driver.spi.DnsZoneObservation;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.DriftItem;
import dev.ringmaster.reconciler.plan.LastApplied;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * DNS drift: each last-applied name against the zone read now, per record type. A name whose
 * records or ownership marker were removed by hand is reported as {@code exists: true -> false}.
 * Zones that could not be read are listed as unreachable. Pure.
 */
public final class DnsDrift {
  private DnsDrift() {}

  /** The drift items and the unreachable zones of one pass. Immutable. */
  public record Result(List<DriftItem> items, SortedMap<String, String> unreachable) {
    public Result {
      items = List.copyOf(items);
      unreachable = new TreeMap<>(unreachable);
    }
  }

  public static Result of(
      DnsObservation observed,
      LastApplied lastApplied,
      Set<String> scope,
      SortedMap<String, DnsZoneTarget> targets) {
    List<DriftItem> items = new ArrayList<>();
    SortedMap<String, String> unreachable = new TreeMap<>();
    for (AppliedRecord r : lastApplied.records().values()) {
      if (r.resource().kind() != ResourceKind.DNS
          || !(scope.isEmpty() || scope.contains(r.environment()))) {
        continue;
      }
      String zone = r.resource().host();
      Optional<String> failure = observed.failure(zone);
      if (failure.isPresent()) {
        unreachable.put("dns/" + zone, failure.get());
        continue;
      }
      Optional<DnsZoneObservation> z = observed.zone(zone);
      DnsZoneTarget target = targets.get(zone);
      if (z.isEmpty() || target == null) {
        continue;
      }
      compare(r, z.get(), target.owner(), items);
    }
    return new Result(items, unreachable);
  }

  private static void compare(
      AppliedRecord r, DnsZoneObservation z, String owner, List<DriftItem> items) {
    String name = r.resource().name();
    if (!z.ownerOf(name).equals(Optional.of(owner)) || z.managedAt(name).isEmpty()) {
      items.add(new DriftItem(r.environment(), r.resource(), DriftItem.EXISTS, "true", "false"));
      return;
    }
    SortedMap<String, String> live = DnsRecordResource.attributesOf(z.managedAt(name));
    Set<String> types = new TreeSet<>(r.attributes().keySet());
    types.addAll(live.keySet());
    for (String type : types) {
      String was = r.attributes().get(type);
      String now = live.get(type);
      if (!Objects.equals(was, now)) {
        items.add(new DriftItem(r.environment(), r.resource(), type, was, now));
      }
    }
  }
}
