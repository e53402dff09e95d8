package dev.ringmaster.driver.dns;

import dev.ringmaster.driver.spi.DnsNameChange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Builds the RFC 2136 update of one {@link DnsNameChange}: prerequisites that the name is as it was
 * observed (for a take-over: that neither the name nor its marker exist; otherwise: that the marker
 * names this owner and every managed RRset the change touches holds exactly its observed values),
 * then the record changes, the ownership marker added or removed in the same message. Pure.
 */
final class UpdateMessages {
  private UpdateMessages() {}

  static Update of(Name origin, DnsNameChange change, String owner, long ttl) throws IOException {
    Name name = absolute(change.name(), origin);
    Name marker = absolute(ZoneContents.MARKER_LABEL + "." + change.name(), origin);
    TXTRecord markerRecord =
        new TXTRecord(marker, DClass.IN, ttl, ZoneContents.MARKER_PREFIX + owner);
    Update u = new Update(origin);
    Set<String> types = new TreeSet<>(change.before().keySet());
    types.addAll(change.after().keySet());
    if (change.create()) {
      u.absent(name);
      u.absent(marker);
    } else {
      u.present(new TXTRecord(marker, DClass.IN, 0, ZoneContents.MARKER_PREFIX + owner));
      for (String type : types) {
        List<String> before = change.before().getOrDefault(type, List.of());
        if (before.isEmpty()) {
          u.absent(name, Type.value(type));
        } else {
          for (String value : before) {
            u.present(name, Type.value(type), value);
          }
        }
      }
    }
    if (change.delete()) {
      for (String type : types) {
        u.delete(name, Type.value(type));
      }
      u.delete(marker, Type.TXT);
      return u;
    }
    if (change.create()) {
      u.add(markerRecord);
    }
    for (Map.Entry<String, List<String>> e : change.after().entrySet()) {
      if (!change.create() && e.getValue().equals(change.before().get(e.getKey()))) {
        continue;
      }
      int type = Type.value(e.getKey());
      if (!change.create()) {
        u.delete(name, type);
      }
      for (String value : e.getValue()) {
        u.add(Record.fromString(name, type, DClass.IN, ttl, value, origin));
      }
    }
    for (String type : change.before().keySet()) {
      if (!change.after().containsKey(type)) {
        u.delete(name, Type.value(type));
      }
    }
    return u;
  }

  static Name absolute(String relative, Name origin) throws TextParseException {
    return relative.equals("@") ? origin : Name.fromString(relative, origin);
  }
}
