package dev.ringmaster.driver.spi;

import dev.ringmaster.model.Size;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A libvirt domain as observed: its persistent (next boot) configuration, run state and ownership
 * mark ({@code owner} null for foreign domains). {@code disks} name the attached volumes by name
 * where the source is a pool volume, else by path.
 */
public record ObservedDomain(
    String name,
    UUID uuid,
    DomainState state,
    Size memory,
    int cores,
    List<Disk> disks,
    List<Nic> nics,
    Ownership owner) {

  /** An attached disk: guest device and the volume (or file path) behind it. */
  public record Disk(String target, String volume) {}

  /** An interface: the libvirt network it is on and its MAC address. */
  public record Nic(String network, String mac) {}

  public ObservedDomain {
    disks = List.copyOf(disks);
    nics = List.copyOf(nics);
  }

  public boolean owned() {
    return owner != null;
  }

  public boolean running() {
    return state == DomainState.RUNNING;
  }

  /** The same keys as {@link DomainResource#attributes()}. */
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("memory", memory.toString());
    a.put("cores", Integer.toString(cores));
    a.put("running", Boolean.toString(running()));
    a.put(
        "disks",
        disks.stream().map(d -> d.target() + "=" + d.volume()).collect(Collectors.joining(",")));
    a.put(
        "nics",
        nics.stream().map(n -> n.network() + "=" + n.mac()).collect(Collectors.joining(",")));
    return a;
  }
}
