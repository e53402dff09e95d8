package dev.ringmaster.driver.spi;

import dev.ringmaster.model.Size;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A storage volume as observed in a pool. Volumes carry no metadata of their own in libvirt;
 * whether Ringmaster owns one is decided by the planner from its name, the owning domain and the
 * state store.
 */
public record ObservedVolume(String pool, String name, Size capacity, String path) {
  /** The same keys as {@link VolumeResource#attributes()}. */
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("pool", pool);
    a.put("capacity", capacity.toString());
    return a;
  }
}
