package dev.ringmaster.driver.spi;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One change to one owned DNS name, as a {@link DnsDriver} carries it out in a single RFC 2136
 * update: {@code before} is what the name held when it was observed (the update's prerequisites: a
 * concurrent hand change makes it fail instead of being overwritten), {@code after} what it should
 * hold (empty: the name is released, its managed records and ownership marker removed). Both map a
 * managed record type to its values. Immutable.
 *
 * @param create true when the name is taken over afresh: the prerequisite is then that the name and
 *     its marker do not exist at all
 */
public record DnsNameChange(
    String name,
    boolean create,
    SortedMap<String, List<String>> before,
    SortedMap<String, List<String>> after) {
  public DnsNameChange {
    if (name == null) {
      throw new IllegalArgumentException("name is required");
    }
    before = Collections.unmodifiableSortedMap(new TreeMap<>(before));
    after = Collections.unmodifiableSortedMap(new TreeMap<>(after));
  }

  public boolean delete() {
    return after.isEmpty();
  }
}
