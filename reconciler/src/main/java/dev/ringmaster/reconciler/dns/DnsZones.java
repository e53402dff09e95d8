package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DnsRecordResource;
import dev.ringmaster.driver.spi.DnsZoneObservation;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.KindObservation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The DNS zones of one pass as a {@link KindObservation}, and the questions the DNS handler asks of
 * it. Its objects are the names this installation owns (by their ownership marker) with their
 * managed records ({@code A}, {@code AAAA}, {@code PTR}, comma-joined per type); desired names held
 * by someone else, with a description of what is there; and one entry per zone ({@code
 * dns/<zone>/@zone}) saying whether the zone was read or is not configured on this machine. Zones
 * that could not be read are its unreachable endpoints. Pure.
 */
public final class DnsZones {
  /** The name of the per-zone entry; {@code @} cannot start a VM name. */
  static final String ZONE_ENTRY = "@zone";

  private static final String STATE = "~state";
  private static final String READ = "read";
  private static final String UNCONFIGURED = "unconfigured";
  private static final String FOREIGN = "~foreign";

  private DnsZones() {}

  /** The observation of the zones {@code targets} as read in {@code observed}. */
  public static KindObservation observation(
      SortedMap<String, DnsZoneTarget> targets, DnsObservation observed, DesiredState desired) {
    SortedMap<ResourceId, SortedMap<String, String>> objects = new TreeMap<>();
    observed
        .unconfigured()
        .forEach(
            (zone, why) ->
                objects.put(
                    ResourceId.dns(zone, ZONE_ENTRY),
                    new TreeMap<>(Map.of(STATE, UNCONFIGURED, "why", why))));
    observed
        .zones()
        .forEach(
            (zone, content) -> {
              objects.put(ResourceId.dns(zone, ZONE_ENTRY), new TreeMap<>(Map.of(STATE, READ)));
              DnsZoneTarget target = targets.get(zone);
              if (target != null) {
                names(content, target, objects);
              }
            });
    for (DesiredResource r : desired.resources().values()) {
      if (r instanceof DnsRecordResource d) {
        observed
            .zone(d.target().zone())
            .flatMap(z -> foreignOwner(z, d))
            .ifPresent(why -> objects.put(d.id(), new TreeMap<>(Map.of(FOREIGN, why))));
      }
    }
    return new KindObservation(objects, observed.failed());
  }

  private static void names(
      DnsZoneObservation content,
      DnsZoneTarget target,
      SortedMap<ResourceId, SortedMap<String, String>> objects) {
    for (String name : content.ownedBy(target.owner())) {
      objects.put(
          ResourceId.dns(content.zone(), name),
          new TreeMap<>(DnsRecordResource.attributesOf(content.managedAt(name))));
    }
  }

  private static Optional<String> foreignOwner(DnsZoneObservation z, DnsRecordResource d) {
    Optional<String> owner = z.ownerOf(d.name());
    SortedMap<String, List<String>> present = z.recordsAt(d.name());
    if (owner.isPresent() && !owner.get().equals(d.target().owner())) {
      return Optional.of(
          "the name is owned by another Ringmaster (owner=" + owner.get() + "); not touched");
    }
    if (owner.isEmpty() && !present.isEmpty()) {
      return Optional.of(
          "the name exists and is not Ringmaster's ("
              + describeRecords(present)
              + "); it is never changed: remove it by hand to let Ringmaster manage it");
    }
    return Optional.empty();
  }

  /** True when {@code zone} was read in this pass (not unreachable, not unconfigured). */
  public static boolean read(KindObservation o, String zone) {
    SortedMap<String, String> entry = o.objects().get(ResourceId.dns(zone, ZONE_ENTRY));
    return entry != null && READ.equals(entry.get(STATE));
  }

  /** The managed records of {@code id} when the name is this installation's; else empty. */
  public static Optional<SortedMap<String, String>> owned(KindObservation o, ResourceId id) {
    SortedMap<String, String> a = o.objects().get(id);
    if (a == null || a.containsKey(FOREIGN) || a.containsKey(STATE)) {
      return Optional.empty();
    }
    return Optional.of(a);
  }

  /** Why {@code id} may not be touched (someone else's name); empty when it may. */
  public static Optional<String> foreign(KindObservation o, ResourceId id) {
    return Optional.ofNullable(o.objects().get(id)).map(a -> a.get(FOREIGN));
  }

  /** The ids of every name this installation owns in the zones read. */
  public static SortedSet<ResourceId> ownedNames(KindObservation o) {
    SortedSet<ResourceId> out = new TreeSet<>();
    o.objects().keySet().stream().filter(id -> owned(o, id).isPresent()).forEach(out::add);
    return out;
  }

  /** {@code A 10.3.0.5, AAAA 2001:db8:3::5} for attributes ({@code A=10.3.0.5}). */
  public static String describe(Map<String, String> attributes) {
    return describeRecords(DnsRecordResource.recordsOf(attributes));
  }

  static String describeRecords(Map<String, List<String>> records) {
    return records.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + " " + v))
        .collect(Collectors.joining(", "));
  }
}
