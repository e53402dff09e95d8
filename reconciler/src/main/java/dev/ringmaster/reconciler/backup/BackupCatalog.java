package dev.ringmaster.reconciler.backup;

import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.VmSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The backups of the fleet's VMs as the backup pools hold them: one pool listing per hypervisor
 * with a {@code backupPool}, complete backups only. Read-only; used by {@code ringmaster backups},
 * {@code GET /v1/backups} and the newest-backup-age metric.
 */
public final class BackupCatalog {
  private BackupCatalog() {}

  /**
   * One backup: the VM, its environment (empty when the VM left the fleet), when and how: {@code
   * consistencyReason} says why a {@code crash} backup is only crash-consistent (empty when frozen
   * or not recorded); {@code basedOn} is the backup an incremental one is an overlay on (null for a
   * full backup).
   */
  public record Entry(
      String host,
      String pool,
      String vm,
      String environment,
      Instant takenAt,
      String consistency,
      String consistencyReason,
      Instant basedOn) {
    /** {@code full} or {@code incremental}. */
    public String kind() {
      return basedOn == null ? "full" : "incremental";
    }
  }

  /** Per VM of the fleet with a policy that takes backups: its newest backup (null if none). */
  public record Newest(String vm, String environment, String policy, Instant takenAt) {}

  /** Everything listed, and the hypervisors whose pool could not be read (name to reason). */
  public record Listing(List<Entry> backups, SortedMap<String, String> unreachable) {
    public Listing {
      backups = List.copyOf(backups);
      unreachable = new TreeMap<>(unreachable);
    }

    /** The JSON shape of {@code ringmaster backups --format json} and {@code GET /v1/backups}. */
    public Map<String, Object> json(Instant now) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Entry b : backups) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm", b.vm());
        m.put("environment", b.environment());
        m.put("host", b.host());
        m.put("pool", b.pool());
        m.put("takenAt", b.takenAt().toString());
        m.put("ageSeconds", Math.max(0, Duration.between(b.takenAt(), now).toSeconds()));
        m.put("consistency", b.consistency());
        m.put("consistencyReason", b.consistencyReason());
        m.put("kind", b.kind());
        m.put("basedOn", b.basedOn() == null ? null : b.basedOn().toString());
        list.add(m);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("backups", list);
      out.put("unreachable", unreachable);
      return out;
    }

    /** The newest backup of every VM in {@code fleet} whose policy takes backups. */
    public List<Newest> newest(Fleet fleet) {
      Map<String, Instant> newest = new LinkedHashMap<>();
      backups.forEach(b -> newest.merge(b.vm(), b.takenAt(), (x, y) -> x.isAfter(y) ? x : y));
      List<Newest> out = new ArrayList<>();
      for (Environment env : fleet.environments()) {
        for (VmSpec vm : env.vms()) {
          Backup policy = Backup.of(env, vm);
          boolean pool = fleet.hypervisor(vm.host()).map(h -> h.backupPool() != null).orElse(false);
          if (policy != Backup.NONE && pool && !unreachable.containsKey(vm.host())) {
            out.add(new Newest(vm.name(), env.name(), policy.key(), newest.get(vm.name())));
          }
        }
      }
      out.sort(Comparator.comparing(Newest::vm));
      return out;
    }
  }

  /**
   * Lists the backups of {@code vm} (null: of every VM) through {@code drivers} (the connected
   * driver of a hypervisor). Blocking.
   */
  public static Listing list(
      Fleet fleet, Function<Hypervisor, HypervisorDriver> drivers, String vm) {
    Map<String, String> environments = new TreeMap<>();
    fleet.environments().forEach(e -> e.vms().forEach(v -> environments.put(v.name(), e.name())));
    List<Entry> out = new ArrayList<>();
    SortedMap<String, String> unreachable = new TreeMap<>();
    for (Hypervisor h : fleet.hypervisors()) {
      if (h.backupPool() == null) {
        continue;
      }
      try {
        Optional<BackupDriver> backups = drivers.apply(h).backups();
        if (backups.isEmpty()) {
          unreachable.put(h.name(), "the driver of " + h.uri() + " cannot take backups");
          continue;
        }
        for (ObservedBackup b : backups.get().list(h.backupPool())) {
          if (b.complete() && (vm == null || vm.equals(b.vm()))) {
            out.add(
                new Entry(
                    h.name(),
                    h.backupPool(),
                    b.vm(),
                    environments.getOrDefault(b.vm(), ""),
                    b.takenAt(),
                    b.consistency().key(),
                    b.crashReasonText(),
                    b.basedOn()));
          }
        }
      } catch (DriverException e) {
        unreachable.put(h.name(), e.getMessage());
      }
    }
    out.sort(Comparator.comparing(Entry::vm).thenComparing(Entry::takenAt));
    return new Listing(out, unreachable);
  }

  /** {@code 3d 4h}, {@code 2h 5m}, {@code 40s}: how old {@code t} is at {@code now}. */
  public static String age(Instant t, Instant now) {
    Duration d = Duration.between(t, now);
    if (d.isNegative()) {
      return "0s";
    }
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }
}
