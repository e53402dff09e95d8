package dev.ringmaster.reconciler.desired;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Fleet;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the fleet wants, for the environments in scope: every desired resource keyed by its id.
 * Immutable.
 *
 * @param scope the environment names planned; empty means every environment (including ones that no
 *     longer exist in the fleet, so that their objects are deleted)
 * @param resources the desired resources in scope, keyed and ordered by id
 * @param sharedNetworks the networks the whole fleet needs (not only the scope): an owned network
 *     in this set is never deleted
 * @param fleet the fleet this was derived from: kinds that observe themselves find their endpoints
 *     (DNS zones) in it
 */
public record DesiredState(
    Set<String> scope,
    SortedMap<ResourceId, DesiredResource> resources,
    SortedSet<ResourceId> sharedNetworks,
    Fleet fleet) {
  public DesiredState(
      Set<String> scope,
      SortedMap<ResourceId, DesiredResource> resources,
      SortedSet<ResourceId> sharedNetworks) {
    this(scope, resources, sharedNetworks, Fleet.empty());
  }

  public DesiredState {
    fleet = fleet == null ? Fleet.empty() : fleet;
    scope = Set.copyOf(scope);
    resources = Collections.unmodifiableSortedMap(new TreeMap<>(resources));
    sharedNetworks = Collections.unmodifiableSortedSet(new TreeSet<>(sharedNetworks));
  }

  /** The desired state of {@code environments} (empty: all) with no managed guests. */
  public static DesiredState of(Fleet fleet, Set<String> environments) {
    return of(fleet, environments, GuestResourceSource.NONE);
  }

  /** The desired state of {@code environments} (empty: all), guests from {@code guests}. */
  public static DesiredState of(Fleet fleet, Set<String> environments, GuestResourceSource guests) {
    return new DesiredDerivation(fleet, guests).derive(environments);
  }

  /** True when an object of {@code environment} is in scope. */
  public boolean inScope(String environment) {
    return scope.isEmpty() || scope.contains(environment);
  }

  public List<DesiredResource> ofKind(ResourceKind kind) {
    return resources.values().stream().filter(r -> r.id().kind() == kind).toList();
  }

  /** The hypervisors that carry a desired resource. */
  public SortedSet<String> hosts() {
    SortedSet<String> hosts = new TreeSet<>();
    resources.keySet().forEach(id -> hosts.add(id.host()));
    return hosts;
  }
}
