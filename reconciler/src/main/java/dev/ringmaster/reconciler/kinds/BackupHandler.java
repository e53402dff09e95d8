package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.BackupResource;
import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.backup.BackupSchedule;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.KindObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planned;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The backups of a VM's root disk ({@code backup/<host>/<vm>}), for every VM on a hypervisor with a
 * {@code backupPool}. Observed once per pass by listing each backup pool (with the pass's instant);
 * planned from the schedule and retention ({@code docs/backups.md}): a change takes the backup that
 * is due and prunes what retention no longer keeps; drift shows a VM whose newest backup is older
 * than its schedule allows and a backup deleted by hand. Backups of a VM removed from the fleet are
 * kept for the purge period ({@code RINGMASTER_BACKUP_PURGE}, ISO-8601, default {@code P30D}), then
 * pruned.
 */
public final class BackupHandler implements ResourceKindHandler {
  static final String PURGE = "purgePeriod";

  @Override
  public ResourceKind kind() {
    return ResourceKind.BACKUP;
  }

  @Override
  public String driverName() {
    return "libvirt";
  }

  @Override
  public List<DesiredResource> derive(Fleet fleet, Environment environment) {
    List<DesiredResource> out = new ArrayList<>();
    for (VmSpec vm : environment.vms()) {
      fleet
          .hypervisor(vm.host())
          .filter(h -> h.backupPool() != null)
          .ifPresent(
              h ->
                  out.add(
                      new BackupResource(
                          h.name(),
                          vm.name(),
                          environment.name(),
                          h.backupPool(),
                          h.storagePool(),
                          DiskRole.ROOT.volumeName(vm.name()),
                          Backup.of(environment, vm).key())));
    }
    return out;
  }

  @Override
  public Optional<KindObservation> observe(DesiredState desired, DriverAccess drivers) {
    Map<String, Map<String, BackupResource>> byHost = new TreeMap<>();
    for (DesiredResource r : desired.ofKind(ResourceKind.BACKUP)) {
      BackupResource b = (BackupResource) r;
      byHost.computeIfAbsent(b.host(), h -> new TreeMap<>()).put(b.vm(), b);
    }
    if (byHost.isEmpty()) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    Duration purge = purgePeriod();
    SortedMap<ResourceId, SortedMap<String, String>> objects = new TreeMap<>();
    SortedMap<String, String> unreachable = new TreeMap<>();
    byHost.forEach(
        (host, vms) -> {
          String pool = vms.values().iterator().next().pool();
          try {
            BackupDriver driver = backups(drivers, host);
            List<ObservedBackup> found = driver.list(pool);
            vms.forEach(
                (vm, r) ->
                    objects.put(r.id(), BackupLedger.observed(host, vm, pool, r, found, now)));
            found.stream()
                .map(ObservedBackup::vm)
                .distinct()
                .filter(vm -> !vms.containsKey(vm))
                .forEach(
                    vm -> {
                      SortedMap<String, String> a =
                          BackupLedger.observed(host, vm, pool, null, found, now);
                      a.put(PURGE, purge.toString());
                      objects.put(BackupLedger.id(host, vm), a);
                    });
          } catch (DriverException e) {
            unreachable.put(host, "backup pool " + pool + ": " + e.getMessage());
          }
        });
    return Optional.of(new KindObservation(objects, unreachable));
  }

  @Override
  public Optional<SortedMap<String, String>> live(
      ResourceId id, SortedMap<String, String> lastApplied, Observation observed) {
    return observed
        .of(kind())
        .map(o -> o.objects().get(id))
        .map(
            a -> {
              SortedMap<String, String> live = BackupLedger.compared(a);
              if (a.containsKey(PURGE) && lastApplied.containsKey(BackupLedger.REMOVED_AT)) {
                live.put(BackupResource.SCHEDULE, BackupLedger.REMOVED);
                live.put(BackupLedger.REMOVED_AT, lastApplied.get(BackupLedger.REMOVED_AT));
              }
              String kept = lastApplied.get(BackupKeepMarks.KEPT);
              if (kept != null && !kept.isEmpty() && !a.containsKey(PURGE)) {
                live.put(BackupKeepMarks.KEPT, kept);
              }
              return live;
            });
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    BackupResource r = (BackupResource) desired;
    SortedMap<String, String> live =
        observed.of(kind()).map(o -> o.objects().get(r.id())).orElse(null);
    if (live == null) {
      return Planned.nothing();
    }
    SortedMap<java.time.Instant, java.time.Instant> marks =
        BackupKeepMarks.parse(
            lastApplied
                .get(r.id())
                .map(a -> a.attributes().get(BackupKeepMarks.KEPT))
                .orElse(null));
    live = BackupKeepMarks.honour(live, marks);
    BackupLedger.Change c = BackupKeepMarks.carry(BackupLedger.plan(r, live), live, marks);
    if (c == null) {
      SortedMap<String, String> same = BackupLedger.compared(live);
      if (!marks.isEmpty()) {
        same.put(BackupKeepMarks.KEPT, BackupKeepMarks.format(marks));
      }
      return Planned.of(
          new Change(r.id(), r.environment(), Action.NO_OP, Impact.LIVE, same, same, r, ""));
    }
    Action action = lastApplied.get(r.id()).isPresent() ? Action.UPDATE : Action.CREATE;
    return Planned.of(
        new Change(
            r.id(), r.environment(), action, Impact.LIVE, c.before(), c.after(), r, c.reason()));
  }

  @Override
  public List<Change> leftovers(
      DesiredState desired, Observation observed, LastApplied lastApplied) {
    List<Change> out = new ArrayList<>();
    Optional<KindObservation> own = observed.of(kind());
    if (own.isEmpty()) {
      return out;
    }
    own.get()
        .objects()
        .forEach(
            (id, live) -> {
              if (desired.resources().containsKey(id) || !live.containsKey(PURGE)) {
                return;
              }
              Optional<AppliedRecord> last = lastApplied.get(id);
              String env = last.map(AppliedRecord::environment).orElse("");
              if (!desired.inScope(env) || (env.isEmpty() && !desired.scope().isEmpty())) {
                return; // another environment's VM, or unknown: only a whole-fleet pass adopts it
              }
              SortedMap<String, String> attributes =
                  last.map(AppliedRecord::attributes).orElse(new TreeMap<>());
              BackupLedger.Change c =
                  BackupLedger.removed(live, attributes, Duration.parse(live.get(PURGE)));
              if (c != null) {
                out.add(
                    new Change(
                        id,
                        env,
                        c.after().isEmpty() ? Action.DELETE : Action.UPDATE,
                        Impact.LIVE,
                        c.before(),
                        c.after(),
                        null,
                        c.reason()));
              }
            });
    return out;
  }

  /**
   * The next slot after the newest backup the change leaves (the pass after it takes the next
   * backup); empty for a VM without a policy that takes backups.
   */
  @Override
  public Optional<Instant> dueAt(Change change) {
    Map<String, String> a = change.after();
    String policy = a.get(BackupResource.POLICY);
    java.util.TreeSet<Instant> backups = BackupLedger.instants(a.get(BackupResource.BACKUPS));
    if (policy == null || backups.isEmpty()) {
      return Optional.empty();
    }
    Instant newest = backups.last();
    return BackupSchedule.of(
            Backup.valueOf(policy.toUpperCase(java.util.Locale.ROOT)), change.resource().name())
        .nextDue(newest, newest);
  }

  /** Pruning backups by the policy's own rules interrupts nothing. */
  @Override
  public Impact deletionImpact() {
    return Impact.LIVE;
  }

  @Override
  public void apply(Change change, DriverAccess drivers, Duration shutdownTimeout) {
    String host = change.resource().host();
    String vm = change.resource().name();
    BackupDriver driver = backups(drivers, host);
    Map<String, String> before = change.before();
    Map<String, String> after = change.after();
    String pool = after.getOrDefault(BackupResource.POOL, before.get(BackupResource.POOL));
    String root = after.get(BackupResource.ROOT);
    for (Instant at : BackupLedger.added(before, after)) {
      int slash = root.indexOf('/');
      driver.take(pool, vm, root.substring(0, slash), root.substring(slash + 1), at);
    }
    for (Instant at : BackupLedger.added(after, before)) {
      driver.delete(pool, vm, at);
    }
  }

  private static BackupDriver backups(DriverAccess drivers, String host) {
    return drivers
        .hypervisor(host)
        .backups()
        .orElseThrow(
            () ->
                DriverException.terminal(
                    host + ": the hypervisor driver cannot take backups", null));
  }

  private static Duration purgePeriod() {
    return BackupKeepMarks.purgePeriod();
  }
}
