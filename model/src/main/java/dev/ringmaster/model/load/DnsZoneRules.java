package dev.ringmaster.model.load;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.DnsZone;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules across {@code kind: DnsZone} documents: one zone per location and one fleet-wide zone at
 * most, and no reverse zone claimed by two zones (its PTR records would have two owners).
 */
final class DnsZoneRules {
  private DnsZoneRules() {}

  static void check(List<DnsZone> zones, List<Diagnostic> diagnostics) {
    Map<String, DnsZone> byLocation = new HashMap<>();
    Map<String, DnsZone> byReverse = new HashMap<>();
    for (DnsZone z : zones) {
      if (z.name() == null) {
        continue;
      }
      String location = z.location() == null ? "" : z.location();
      DnsZone earlier = byLocation.putIfAbsent(location, z);
      if (earlier != null) {
        String where = location.isEmpty() ? "the whole fleet" : "location " + location;
        diagnostics.add(
            Diagnostic.error(
                z.source().at(location.isEmpty() ? "name" : "location"),
                location.isEmpty() ? "name" : "location",
                "zone "
                    + earlier.name()
                    + " ("
                    + earlier.source().at("name")
                    + ") already holds the VM names of "
                    + where,
                "give each location at most one zone, and the fleet at most one without a"
                    + " location"));
      }
      for (int i = 0; i < z.reverseZones().size(); i++) {
        String reverse = z.reverseZones().get(i);
        DnsZone other = byReverse.putIfAbsent(reverse, z);
        if (other != null && other != z) {
          String at = "reverseZones[" + i + "]";
          diagnostics.add(
              Diagnostic.error(
                  z.source().at(at),
                  at,
                  "reverse zone " + reverse + " is already listed by zone " + other.name(),
                  "list each reverse zone under one DnsZone only"));
        }
      }
    }
  }
}
