package dev.ringmaster.driver.spi;

import java.util.SortedMap;
import java.util.TreeMap;

/** A libvirt network as observed. {@code owner} is null for networks Ringmaster did not create. */
public record ObservedNetwork(String name, String bridge, boolean active, Ownership owner) {
  public boolean owned() {
    return owner != null;
  }

  /** The same keys as {@link NetworkResource#attributes()}. */
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("bridge", bridge == null ? "" : bridge);
    a.put("active", Boolean.toString(active));
    return a;
  }
}
