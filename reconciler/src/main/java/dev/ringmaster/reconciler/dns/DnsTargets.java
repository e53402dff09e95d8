package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.Fleet;
import java.util.SortedMap;
import java.util.TreeMap;

/** The zone targets a fleet declares: each forward zone and each of its reverse zones. Pure. */
public final class DnsTargets {
  private DnsTargets() {}

  public static DnsZoneTarget of(DnsZone zone) {
    DnsZone.Tsig t = zone.tsig();
    return new DnsZoneTarget(
        zone.name(),
        zone.server(),
        zone.serverEnv(),
        zone.port(),
        t.keyName(),
        t.algorithm(),
        t.secretFile(),
        t.secretEnv(),
        zone.ttl(),
        zone.owner());
  }

  /** Every zone of the fleet, forward and reverse, by zone name. */
  public static SortedMap<String, DnsZoneTarget> all(Fleet fleet) {
    SortedMap<String, DnsZoneTarget> out = new TreeMap<>();
    for (DnsZone zone : fleet.dnsZones()) {
      DnsZoneTarget forward = of(zone);
      out.put(zone.name(), forward);
      zone.reverseZones().forEach(r -> out.put(r, forward.forZone(r)));
    }
    return out;
  }
}
