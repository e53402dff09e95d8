package dev.ringmaster.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a fleet repository declares at one commit: hypervisors, environments, resource groups
 * and DNS zones. Immutable; lookups by name are O(1). Names are assumed unique (validation reports
 * duplicates; the first one wins here).
 */
public final class Fleet {
  private final Map<String, Hypervisor> hypervisors = new LinkedHashMap<>();
  private final Map<String, Environment> environments = new LinkedHashMap<>();
  private final Map<String, ResourceGroup> resourceGroups = new LinkedHashMap<>();
  private final List<DnsZone> dnsZones;
  private final List<Environment> environmentList;
  private final List<Hypervisor> hypervisorList;

  public Fleet(List<Hypervisor> hypervisors, List<Environment> environments) {
    this(hypervisors, environments, List.of());
  }

  public Fleet(
      List<Hypervisor> hypervisors,
      List<Environment> environments,
      List<ResourceGroup> resourceGroups) {
    this(hypervisors, environments, resourceGroups, List.of());
  }

  public Fleet(
      List<Hypervisor> hypervisors,
      List<Environment> environments,
      List<ResourceGroup> resourceGroups,
      List<DnsZone> dnsZones) {
    hypervisors.forEach(h -> this.hypervisors.putIfAbsent(h.name(), h));
    environments.forEach(e -> this.environments.putIfAbsent(e.name(), e));
    resourceGroups.forEach(g -> this.resourceGroups.putIfAbsent(g.name(), g));
    this.dnsZones = List.copyOf(dnsZones);
    // built once: a daemon pass asks for these many times, and a copy per call was 5 % of a resync
    this.environmentList = List.copyOf(this.environments.values());
    this.hypervisorList = List.copyOf(this.hypervisors.values());
  }

  /** The DNS zones VM names are kept in ({@code kind: DnsZone}); empty when DNS is not managed. */
  public List<DnsZone> dnsZones() {
    return dnsZones;
  }

  /**
   * The zone that holds the names of {@code environment}'s VMs: the zone of its location, else the
   * fleet-wide zone (one without a location); empty when there is neither.
   */
  public Optional<DnsZone> dnsZoneOf(Environment environment) {
    Optional<DnsZone> local =
        dnsZones.stream()
            .filter(z -> z.location() != null && z.location().equals(environment.location()))
            .findFirst();
    return local.isPresent()
        ? local
        : dnsZones.stream().filter(z -> z.location() == null).findFirst();
  }

  /** The {@code kind: ResourceGroup} documents, in path order. */
  public List<ResourceGroup> resourceGroups() {
    return List.copyOf(resourceGroups.values());
  }

  /** The resource group document named {@code name}, if one is declared. */
  public Optional<ResourceGroup> resourceGroup(String name) {
    return Optional.ofNullable(resourceGroups.get(name));
  }

  public static Fleet empty() {
    return new Fleet(List.of(), List.of());
  }

  public List<Hypervisor> hypervisors() {
    return hypervisorList;
  }

  public List<Environment> environments() {
    return environmentList;
  }

  public Optional<Hypervisor> hypervisor(String name) {
    return Optional.ofNullable(hypervisors.get(name));
  }

  public Optional<Environment> environment(String name) {
    return Optional.ofNullable(environments.get(name));
  }

  /** The environment that declares {@code vmName}, if any. */
  public Optional<Environment> environmentOfVm(String vmName) {
    return environments.values().stream().filter(e -> e.vm(vmName).isPresent()).findFirst();
  }

  /** This fleet narrowed to the named environments (all hypervisors are kept). */
  public Fleet only(java.util.Collection<String> environmentNames) {
    return new Fleet(
        hypervisors(),
        environments.values().stream().filter(e -> environmentNames.contains(e.name())).toList(),
        resourceGroups(),
        dnsZones);
  }
}
