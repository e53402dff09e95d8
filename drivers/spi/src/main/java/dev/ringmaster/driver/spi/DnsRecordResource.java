package dev.ringmaster.driver.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The records Ringmaster wants at one DNS name ({@code myapp00}, {@code myapp00.srv}, or a reverse
 * name such as {@code 5} in {@code 0.3.10.in-addr.arpa}): per record type ({@code A}, {@code AAAA},
 * {@code PTR}) its values in canonical text (dotted quad, RFC 5952 IPv6, absolute name with the
 * trailing dot), sorted. Immutable; equal specs derive equal resources.
 *
 * @param name the name relative to the zone, in lower case
 */
public record DnsRecordResource(
    DnsZoneTarget target, String name, String environment, SortedMap<String, List<String>> records)
    implements DesiredResource {
  /** The record types Ringmaster manages; other types at an owned name are left alone. */
  public static final List<String> MANAGED_TYPES = List.of("A", "AAAA", "PTR");

  public DnsRecordResource {
    if (target == null || name == null || records == null) {
      throw new IllegalArgumentException("target, name and records are required");
    }
    environment = environment == null ? "" : environment;
    records = canonical(records);
  }

  @Override
  public ResourceId id() {
    return ResourceId.dns(target.zone(), name);
  }

  /** Record type to its values, comma-joined: {@code A=10.3.0.5}, {@code AAAA=2001:db8:3::5}. */
  @Override
  public SortedMap<String, String> attributes() {
    return attributesOf(records);
  }

  /** The attribute view of a type-to-values map (see {@link #attributes()}). */
  public static SortedMap<String, String> attributesOf(Map<String, List<String>> records) {
    SortedMap<String, String> out = new TreeMap<>();
    records.forEach(
        (type, values) -> {
          if (!values.isEmpty()) {
            out.put(type, String.join(",", values.stream().sorted().toList()));
          }
        });
    return Collections.unmodifiableSortedMap(out);
  }

  /** The inverse of {@link #attributesOf}. */
  public static SortedMap<String, List<String>> recordsOf(Map<String, String> attributes) {
    SortedMap<String, List<String>> out = new TreeMap<>();
    attributes.forEach(
        (type, joined) -> {
          if (!joined.isEmpty()) {
            out.put(type, List.of(joined.split(",")));
          }
        });
    return canonical(out);
  }

  private static SortedMap<String, List<String>> canonical(Map<String, List<String>> records) {
    SortedMap<String, List<String>> out = new TreeMap<>();
    records.forEach(
        (type, values) -> {
          if (values != null && !values.isEmpty()) {
            List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(values));
            out.put(type, List.copyOf(sorted));
          }
        });
    return Collections.unmodifiableSortedMap(out);
  }
}
