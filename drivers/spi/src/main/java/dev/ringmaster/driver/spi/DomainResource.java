package dev.ringmaster.driver.spi;

import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A libvirt domain: the VM itself, with its three disks and two interfaces, whether it should run,
 * and the ownership mark it carries. {@code uuid} is derived from the name, so a repeated define
 * after a crash finds the domain the first one made.
 */
public record DomainResource(
    String host,
    String name,
    UUID uuid,
    String environment,
    Size memory,
    int cores,
    List<Disk> disks,
    List<Nic> nics,
    boolean running,
    String specHash)
    implements DesiredResource {

  /** A disk: which volume (by name, in {@code pool}) is attached as which device. */
  public record Disk(DiskRole role, String pool, String volume) {}

  /** An interface: the libvirt network it is on and its MAC address. */
  public record Nic(NetworkKind kind, String network, String mac) {}

  public DomainResource {
    disks = List.copyOf(disks);
    nics = List.copyOf(nics);
  }

  public Ownership ownership() {
    return new Ownership(host, environment, specHash);
  }

  @Override
  public ResourceId id() {
    return ResourceId.domain(host, name);
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("memory", memory.toString());
    a.put("cores", Integer.toString(cores));
    a.put("running", Boolean.toString(running));
    a.put(
        "disks",
        disks.stream()
            .map(d -> d.role().target() + "=" + d.volume())
            .collect(Collectors.joining(",")));
    a.put(
        "nics",
        nics.stream().map(n -> n.network() + "=" + n.mac()).collect(Collectors.joining(",")));
    return a;
  }
}
