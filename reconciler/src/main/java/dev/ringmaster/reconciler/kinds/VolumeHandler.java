package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.observe.ObservationBuilder;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planned;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiPredicate;

/**
 * Storage volumes of a VM ({@code <vm>-root|swap|tmp}) in the hypervisor's pool: created before the
 * domain in the VM's chain; they only ever grow (a shrink is refused); growing is {@code live}.
 */
public final class VolumeHandler implements ResourceKindHandler {
  @Override
  public ResourceKind kind() {
    return ResourceKind.VOLUME;
  }

  @Override
  public String driverName() {
    return "libvirt";
  }

  @Override
  public Optional<SortedMap<String, String>> live(
      ResourceId id, SortedMap<String, String> lastApplied, Observation observed) {
    return observed
        .reachable(id.host())
        .flatMap(h -> h.volume(lastApplied.get("pool"), id.name()))
        .map(ObservedVolume::attributes);
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    VolumeResource v = (VolumeResource) desired;
    Optional<ObservedVolume> found =
        observed.reachable(v.host()).flatMap(h -> h.volume(v.pool(), v.name()));
    Optional<Size> applied =
        lastApplied.get(v.id()).map(r -> r.attributes().get("capacity")).flatMap(Size::parse);
    if (applied.isPresent() && v.capacity().compareTo(applied.get()) < 0) {
      return Planned.refuse(v, shrinkMessage(v, applied.get(), "last applied"));
    }
    if (found.isEmpty()) {
      return Planned.create(v);
    }
    if (v.capacity().compareTo(found.get().capacity()) < 0) {
      return Planned.refuse(v, shrinkMessage(v, found.get().capacity(), "existing"));
    }
    return Planned.compare(v, found.get().attributes(), Impact.LIVE);
  }

  private static String shrinkMessage(VolumeResource v, Size existing, String which) {
    return "capacity "
        + v.capacity()
        + " is smaller than the "
        + which
        + " "
        + existing
        + "; disks only ever grow";
  }

  /** The VM a volume belongs to: volumes are named {@code <vm>-root|swap|tmp}. */
  @Override
  public String chain(ResourceId id) {
    String name = id.name();
    for (DiskRole role : DiskRole.values()) {
      String suffix = role.volumeName("");
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  @Override
  public void apply(Change change, DriverAccess drivers, Duration shutdownTimeout) {
    HypervisorDriver hypervisor = drivers.hypervisor(change.resource().host());
    if (change.action() == Action.DELETE) {
      hypervisor.deleteVolume(change.before().get("pool"), change.resource().name());
    } else {
      hypervisor.ensureVolume((VolumeResource) change.desired());
    }
  }

  @Override
  public boolean partOfVm() {
    return true;
  }

  /** A {@code <vm>-root} volume's last applied capacity. */
  @Override
  public Optional<Size> appliedRootDisk(AppliedRecord record) {
    String suffix = DiskRole.ROOT.volumeName("");
    String name = record.resource().name();
    if (!name.endsWith(suffix) || name.length() <= suffix.length()) {
      return Optional.empty();
    }
    return Size.parse(record.attributes().get("capacity"));
  }

  @Override
  public void observeApplied(DesiredResource desired, ObservationBuilder live) {
    VolumeResource v = (VolumeResource) desired;
    live.volume(
        v.host(), new ObservedVolume(v.pool(), v.name(), v.capacity(), v.pool() + "/" + v.name()));
  }

  /**
   * The disks of deleted domains (named for them), and the volumes the state store lists as last
   * applied in their pool that are no longer desired. Volumes carry no mark of their own.
   */
  @Override
  public List<Change> leftovers(
      DesiredState desired,
      Observation observed,
      LastApplied lastApplied,
      BiPredicate<ResourceId, String> mayTouch) {
    List<Change> out = new ArrayList<>();
    Set<ResourceId> seen = new HashSet<>();
    for (HypervisorObservation host : HypervisorLeftovers.reachable(observed)) {
      for (ObservedDomain d : HypervisorLeftovers.removedDomains(host, desired, mayTouch)) {
        for (DiskRole role : DiskRole.values()) {
          if (role == DiskRole.SEED) {
            continue;
          }
          for (ObservedVolume v : host.volumesNamed(role.volumeName(d.name()))) {
            ResourceId id = ResourceId.volume(host.host(), v.name());
            if (!desired.resources().containsKey(id) && seen.add(id)) {
              out.add(
                  HypervisorLeftovers.deletion(
                      id,
                      d.owner().environment(),
                      v.attributes(),
                      deletionImpact(),
                      "disk of deleted domain " + d.name()));
            }
          }
        }
      }
    }
    // what was applied and is still there: the scope's records, each looked up on its own host
    for (AppliedRecord r : lastApplied.records().values()) {
      ResourceId id = r.resource();
      if (id.kind() != ResourceKind.VOLUME
          || !(observed.hosts().get(id.host()) instanceof HostObservation.Reachable host)) {
        continue;
      }
      String pool = r.attributes().get("pool");
      Optional<ObservedVolume> v =
          pool == null ? Optional.empty() : host.observation().volume(pool, id.name());
      if (v.isPresent()
          && mayTouch.test(id, r.environment())
          && !desired.resources().containsKey(id)
          && seen.add(id)) {
        out.add(
            HypervisorLeftovers.deletion(
                id,
                r.environment(),
                v.get().attributes(),
                deletionImpact(),
                "no longer in the fleet"));
      }
    }
    return out;
  }

  /** Each VM's root (its {@code disk}, cloned from the base image), swap and tmp volumes. Pure. */
  @Override
  public List<DesiredResource> derive(Fleet fleet, Environment environment) {
    return Placement.eachVm(
        fleet,
        environment,
        (vm, host) ->
            List.of(
                volume(environment, vm, host, DiskRole.ROOT, vm.disk(), host.baseImage()),
                volume(environment, vm, host, DiskRole.SWAP, Derived.swap(vm), null),
                volume(environment, vm, host, DiskRole.TMP, Derived.tmp(vm), null)));
  }

  private static VolumeResource volume(
      Environment env, VmSpec vm, Hypervisor host, DiskRole role, Size size, String base) {
    return new VolumeResource(
        host.name(),
        host.storagePool(),
        role.volumeName(vm.name()),
        vm.name(),
        env.name(),
        role,
        size,
        base);
  }
}
