package dev.ringmaster.reconciler.backup;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.gate.MaintenanceSchedule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides a restore ({@code docs/backups.md#restore}): which backup, what it overwrites, and
 * whether it may run now. Pure: no I/O, the clock and the listing are inputs; nothing is written.
 */
public final class RestoreDecision {
  private RestoreDecision() {}

  /** What a restore would do: the VM's root volume overwritten with the backup taken at takenAt. */
  public record Target(
      String vm,
      String environment,
      String host,
      String pool,
      Instant takenAt,
      String consistency,
      String rootPool,
      String rootVolume) {
    /** The planned change as plan output shows it. */
    public String describe() {
      return "restore "
          + vm
          + " ("
          + environment
          + ") from backup "
          + takenAt
          + " ("
          + consistency
          + ", "
          + host
          + ":"
          + pool
          + "): overwrites root disk "
          + rootPool
          + "/"
          + rootVolume
          + "; the VM is shut off, its current root disk kept as a pre-restore backup, then started"
          + " again if it was running";
    }
  }

  /** The outcome: refused (bad input or no consent), held (outside the window), or ready. */
  public sealed interface Outcome permits Refused, Held, Ready {}

  /** Nothing happens; {@code message} says why and what to do. */
  public record Refused(String message, Target target) implements Outcome {}

  /** Consented, but outside the VM's maintenance window and not forced. */
  public record Held(String message, Target target) implements Outcome {}

  /** May run now; {@code forced} when outside the window by {@code --force}. */
  public record Ready(Target target, boolean forced) implements Outcome {}

  /**
   * @param listing the VM's complete backups as {@link BackupCatalog#list} found them
   * @param allowDestroy the usual consent to destroy ({@code --allow-destroy})
   * @param force run outside the maintenance window
   */
  public static Outcome decide(
      Fleet fleet,
      String vmName,
      RestorePoint point,
      BackupCatalog.Listing listing,
      Instant now,
      boolean allowDestroy,
      boolean force) {
    Optional<Environment> env = fleet.environmentOfVm(vmName);
    if (env.isEmpty()) {
      return new Refused("no VM " + vmName + " in the fleet", null);
    }
    VmSpec vm = env.get().vm(vmName).orElseThrow();
    if (Backup.of(env.get(), vm) == Backup.NONE) {
      return new Refused(
          vmName + " has the backup policy none: it has no backups to restore", null);
    }
    Optional<Hypervisor> host = fleet.hypervisor(vm.host());
    if (host.isEmpty() || host.get().backupPool() == null) {
      return new Refused(
          vmName + ": its hypervisor " + vm.host() + " has no backupPool, so it has no backups",
          null);
    }
    String unreachable = listing.unreachable().get(vm.host());
    if (unreachable != null) {
      return new Refused(vmName + ": cannot list its backups: " + unreachable, null);
    }
    List<BackupCatalog.Entry> backups =
        listing.backups().stream().filter(b -> b.vm().equals(vmName)).toList();
    Optional<Instant> chosen = point.select(backups.stream().map(b -> b.takenAt()).toList());
    if (chosen.isEmpty()) {
      return new Refused(
          vmName
              + " has no backup "
              + point.describe()
              + (backups.isEmpty()
                  ? " (it has none)"
                  : "; its oldest is " + backups.get(0).takenAt()),
          null);
    }
    BackupCatalog.Entry b =
        backups.stream().filter(e -> e.takenAt().equals(chosen.get())).findFirst().orElseThrow();
    Target target =
        new Target(
            vmName,
            env.get().name(),
            b.host(),
            b.pool(),
            b.takenAt(),
            b.consistency(),
            host.get().storagePool(),
            DiskRole.ROOT.volumeName(vmName));
    if (!allowDestroy) {
      return new Refused("a restore is destructive: needs --allow-destroy", target);
    }
    MaintenanceSchedule window = new MaintenanceSchedule(env.get().maintenance());
    if (window.isOpen(now)) {
      return new Ready(target, false);
    }
    if (force) {
      return new Ready(target, true);
    }
    return new Held(
        "waiting for maintenance window " + window.nextOpening(now) + "; --force restores now",
        target);
  }
}
