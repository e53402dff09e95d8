package dev.ringmaster.driver.dns;

import dev.ringmaster.driver.spi.DnsZoneObservation;
import dev.ringmaster.model.Addresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Reads transferred records into a {@link DnsZoneObservation}: names relative to the zone, values
 * in canonical text, and Ringmaster's ownership markers ({@code _ringmaster.<name> TXT "ringmaster
 * owner=<id>"}) apart. Pure.
 */
final class ZoneContents {
  /** The label that prefixes the ownership marker of a name. */
  static final String MARKER_LABEL = "_ringmaster";

  /** The TXT text of a marker, before the owner id. */
  static final String MARKER_PREFIX = "ringmaster owner=";

  private ZoneContents() {}

  static DnsZoneObservation read(String zone, Name origin, List<Record> records) {
    SortedMap<String, SortedMap<String, List<String>>> names = new TreeMap<>();
    SortedMap<String, String> owners = new TreeMap<>();
    for (Record r : records) {
      if (r.getType() == Type.TSIG || r.getType() == Type.OPT) {
        continue;
      }
      String name = relative(r.getName(), origin);
      if (name.equals(MARKER_LABEL) || name.startsWith(MARKER_LABEL + ".")) {
        if (r instanceof TXTRecord txt && name.startsWith(MARKER_LABEL + ".")) {
          owners.put(name.substring(MARKER_LABEL.length() + 1), ownerOf(txt));
        }
        continue;
      }
      names
          .computeIfAbsent(name, n -> new TreeMap<>())
          .computeIfAbsent(Type.string(r.getType()), t -> new ArrayList<>())
          .add(value(r));
    }
    names.values().forEach(types -> types.values().forEach(v -> v.sort(null)));
    return new DnsZoneObservation(zone, dedupe(names), owners);
  }

  static String relative(Name name, Name origin) {
    if (name.equals(origin)) {
      return "@";
    }
    return name.relativize(origin).toString().toLowerCase(Locale.ROOT);
  }

  static String value(Record r) {
    if (r instanceof ARecord a) {
      return a.getAddress().getHostAddress();
    }
    if (r instanceof AAAARecord a) {
      return Addresses.format(a.getAddress());
    }
    if (r instanceof PTRRecord p) {
      return p.getTarget().toString().toLowerCase(Locale.ROOT);
    }
    return r.rdataToString();
  }

  private static String ownerOf(TXTRecord txt) {
    String text = String.join("", txt.getStrings());
    return text.startsWith(MARKER_PREFIX) ? text.substring(MARKER_PREFIX.length()) : "?" + text;
  }

  private static SortedMap<String, SortedMap<String, List<String>>> dedupe(
      SortedMap<String, SortedMap<String, List<String>>> names) {
    SortedMap<String, SortedMap<String, List<String>>> out = new TreeMap<>();
    names.forEach(
        (n, types) -> {
          SortedMap<String, List<String>> t = new TreeMap<>();
          types.forEach((type, v) -> t.put(type, List.copyOf(new java.util.TreeSet<>(v))));
          out.put(n, t);
        });
    return out;
  }
}
