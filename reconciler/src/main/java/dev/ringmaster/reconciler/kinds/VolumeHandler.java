package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Size;
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
import java.util.Optional;
import java.util.SortedMap;

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
        .flatMap(
            h ->
                h.volumes().stream()
                    .filter(
                        v -> v.name().equals(id.name()) && v.pool().equals(lastApplied.get("pool")))
                    .findFirst())
        .map(ObservedVolume::attributes);
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    VolumeResource v = (VolumeResource) desired;
    Optional<ObservedVolume> found =
        observed
            .reachable(v.host())
            .flatMap(
                h ->
                    h.volumes().stream()
                        .filter(o -> o.pool().equals(v.pool()) && o.name().equals(v.name()))
                        .findFirst());
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
}
