package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.backup.BackupCatalog;
import dev.ringmaster.reconciler.backup.RestoreDecision;
import dev.ringmaster.reconciler.backup.Restorer;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Instant;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Restores for the daemon: decides with {@link RestoreDecision} as the CLI does and, when ready and
 * not a dry run, runs {@link Restorer} holding the write permits of the backup's hypervisor, as an
 * applying pass does. The daemon calls it in the VM's environment's queue slot. Blocking.
 */
final class DaemonRestores {
  private static final Logger LOG = Logger.getLogger(DaemonRestores.class);

  private final StateStore store;
  private final DriverRegistry drivers;

  DaemonRestores(StateStore store, DriverRegistry drivers) {
    this.store = store;
    this.drivers = drivers;
  }

  /**
   * @throws RequestRefused NOT_FOUND when the fleet has no such VM
   * @throws RestoreFailed when the restore failed part-way (journaled; asking again completes it)
   */
  RestoreReport restore(
      RestoreRequest request, Fleet fleet, String commit, HostWritePermits writes, Instant now) {
    String vm = request.vm();
    String environment =
        fleet
            .environmentOfVm(vm)
            .map(Environment::name)
            .orElseThrow(
                () ->
                    new RequestRefused(
                        RequestRefused.Reason.NOT_FOUND, "no VM " + vm + " in the fleet"));
    BackupCatalog.Listing listing = BackupCatalog.list(fleet, drivers::driver, vm);
    RestoreDecision.Outcome outcome =
        RestoreDecision.decide(
            fleet,
            vm,
            request.at(),
            listing,
            now,
            request.allowDestroy() || request.dryRun(),
            request.force());
    if (outcome instanceof RestoreDecision.Refused r) {
      return RestoreReport.of(
          r.target() == null ? RestoreReport.Outcome.REFUSED : RestoreReport.Outcome.NEEDS_CONSENT,
          vm,
          environment,
          r.target(),
          r.target() == null ? r.message() : "a restore is destructive: needs allowDestroy=true");
    }
    if (outcome instanceof RestoreDecision.Held h) {
      return RestoreReport.of(
          RestoreReport.Outcome.HELD,
          vm,
          environment,
          h.target(),
          h.message().replace("--force", "force=true") + "; nothing changed, nothing scheduled");
    }
    RestoreDecision.Ready ready = (RestoreDecision.Ready) outcome;
    if (request.dryRun()) {
      return RestoreReport.of(
          RestoreReport.Outcome.PREVIEWED,
          vm,
          environment,
          ready.target(),
          request.allowDestroy()
              ? "dry run: nothing changed"
              : "dry run: nothing changed; needs allowDestroy=true");
    }
    return run(request, ready, fleet, commit, writes, now);
  }

  private RestoreReport run(
      RestoreRequest request,
      RestoreDecision.Ready ready,
      Fleet fleet,
      String commit,
      HostWritePermits writes,
      Instant now) {
    String host = ready.target().host();
    Restorer restorer =
        new Restorer(
            store,
            ApplyPolicy.DEFAULT_SHUTDOWN_TIMEOUT,
            s -> LOG.infof("restore of %s: %s", request.vm(), s));
    try (HostWritePermits.Held held = writes.acquire(Set.of(host))) {
      Restorer.Result result =
          restorer.run(
              ready,
              drivers.driver(fleet.hypervisor(host).orElseThrow()),
              commit,
              now,
              request.by());
      return RestoreReport.restored(
          ready, result, result.describe(request.vm(), ready.target().takenAt()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RingmasterException(
          "the restore of " + request.vm() + " was interrupted waiting to write; nothing changed");
    } catch (RingmasterException e) {
      throw new RestoreFailed(
          "restore of "
              + request.vm()
              + " failed: "
              + e.getMessage()
              + "; ask for the same restore again to complete it (docs/backups.md#restore)",
          e);
    }
  }
}
