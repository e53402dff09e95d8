package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.driver.spi.SeedResource;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.observe.ObservationBuilder;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planned;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import dev.ringmaster.reconciler.plan.SeedPlanning;
import dev.ringmaster.reconciler.seed.SeedDerivation;
import dev.ringmaster.reconciler.seed.SeedWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * A VM's first-boot seed ({@code seed/<host>/<vm>}): a cloud-init NoCloud volume in the
 * hypervisor's pool carrying a fresh host key (pinned before upload) and the management key.
 * Applied in its VM's chain after the volumes and before the domain boots from it; its content
 * cannot be read back, so the last-applied record stands for it while the volume exists. The {@link
 * SeedWriter} is the one the engine factory registers with the drivers.
 */
public final class SeedHandler implements ResourceKindHandler {
  @Override
  public ResourceKind kind() {
    return ResourceKind.SEED;
  }

  @Override
  public String driverName() {
    return "libvirt";
  }

  /** One seed per VM of the environment, on the VM's hypervisor. Pure. */
  @Override
  public List<DesiredResource> derive(Fleet fleet, Environment environment) {
    List<DesiredResource> out = new ArrayList<>();
    for (VmSpec vm : environment.vms()) {
      fleet
          .hypervisor(vm.host())
          .ifPresent(host -> out.add(SeedDerivation.seed(fleet, environment, vm, host)));
    }
    return out;
  }

  @Override
  public Optional<SortedMap<String, String>> live(
      ResourceId id, SortedMap<String, String> lastApplied, Observation observed) {
    return observed.reachable(id.host()).flatMap(h -> SeedPlanning.live(lastApplied, h));
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    SeedResource s = (SeedResource) desired;
    return observed
        .reachable(s.host())
        .map(h -> Planned.of(SeedPlanning.plan(s, h, lastApplied.get(s.id()))))
        .orElseGet(() -> Planned.create(s));
  }

  /** The VM the seed belongs to: the seed is named after it. */
  @Override
  public String chain(ResourceId id) {
    return id.name();
  }

  /**
   * The seed writer the engine factory registered; without one (an engine built by hand), a writer
   * without management keys that pins into the engine's host key store.
   */
  private static SeedWriter writer(DriverAccess drivers) {
    return drivers
        .driver(SeedWriter.class)
        .orElseGet(
            () ->
                new SeedWriter(
                    List.of(),
                    drivers
                        .driver(HostKeyStore.class)
                        .orElseThrow(
                            () ->
                                DriverException.terminal(
                                    "no host key store to pin seed host keys in", null))));
  }

  /**
   * A seed is written (fresh host key pair, fresh pin) when it is created or when its VM does not
   * exist yet; a seed whose VM has booted from it is only recorded (see {@link
   * SeedResource#writeVolume()}). Its deletion removes the volume.
   */
  @Override
  public void apply(Change change, DriverAccess drivers, Duration shutdownTimeout) {
    HypervisorDriver hypervisor = drivers.hypervisor(change.resource().host());
    if (change.action() == Action.DELETE) {
      hypervisor.deleteVolume(
          change.before().get("pool"), DiskRole.SEED.volumeName(change.resource().name()));
      return;
    }
    SeedResource s = (SeedResource) change.desired();
    if (s.writeVolume()) {
      writer(drivers).write(s, hypervisor);
    }
  }

  @Override
  public boolean partOfVm() {
    return true;
  }

  /** The seed volume as the pool lists it (its size is not compared). */
  @Override
  public void observeApplied(DesiredResource desired, ObservationBuilder live) {
    SeedResource s = (SeedResource) desired;
    live.volume(
        s.host(),
        new ObservedVolume(s.pool(), s.volume(), Size.mib(1), s.pool() + "/" + s.volume()));
  }

  /**
   * The seeds of deleted domains (named for them), and the seed volumes the state store lists as
   * last applied in their pool that are no longer desired.
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
        for (ObservedVolume v : host.volumesNamed(DiskRole.SEED.volumeName(d.name()))) {
          delete(
              host.host(),
              d.name(),
              v,
              d.owner().environment(),
              "first-boot seed of deleted domain " + d.name(),
              desired,
              seen,
              out);
        }
      }
    }
    // the scope's applied seeds still there, each looked up on its own host
    for (AppliedRecord r : lastApplied.records().values()) {
      ResourceId id = r.resource();
      if (id.kind() != ResourceKind.SEED
          || !(observed.hosts().get(id.host()) instanceof HostObservation.Reachable host)
          || !mayTouch.test(id, r.environment())) {
        continue;
      }
      String pool = r.attributes().get("pool");
      if (pool == null) {
        continue;
      }
      String vm = id.name();
      host.observation()
          .volume(pool, DiskRole.SEED.volumeName(vm))
          .ifPresent(
              v ->
                  delete(
                      id.host(),
                      vm,
                      v,
                      r.environment(),
                      "first-boot seed no longer in the fleet",
                      desired,
                      seen,
                      out));
    }
    return out;
  }

  private void delete(
      String host,
      String vm,
      ObservedVolume v,
      String env,
      String reason,
      DesiredState desired,
      Set<ResourceId> seen,
      List<Change> out) {
    ResourceId id = ResourceId.seed(host, vm);
    if (!desired.resources().containsKey(id) && seen.add(id)) {
      SortedMap<String, String> before = new TreeMap<>(v.attributes());
      before.put("pool", v.pool());
      before.put("volume", v.name());
      out.add(HypervisorLeftovers.deletion(id, env, before, deletionImpact(), reason));
    }
  }
}
