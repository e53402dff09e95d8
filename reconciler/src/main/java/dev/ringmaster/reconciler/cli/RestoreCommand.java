package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.backup.BackupCatalog;
import dev.ringmaster.reconciler.backup.RestoreDecision;
import dev.ringmaster.reconciler.backup.RestorePoint;
import dev.ringmaster.reconciler.backup.Restorer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ringmaster restore VM --at TIME [--allow-destroy] [--force] [--dry-run]}: brings the VM's
 * root disk back to its newest backup at or before TIME (docs/backups.md#restore). Exit 0 restored
 * (or previewed), 2 held for the maintenance window, 1 refused or failed with nothing changed.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = "Bring a VM's root disk back to its newest backup at or before a time.")
public final class RestoreCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "VM", description = "The VM to restore")
  String vm;

  @Option(
      names = "--at",
      required = true,
      paramLabel = "TIME",
      description =
          "ISO-8601 instant, local time with zone (\"2026-01-02 04:00 Europe/Berlin\"),"
              + " or a backup id (20260102T030000Z)")
  String at;

  @Option(names = "--allow-destroy", description = "Consent to overwrite the VM's root disk")
  boolean allowDestroy;

  @Option(names = "--force", description = "Restore now, outside the maintenance window")
  boolean force;

  @Option(names = "--dry-run", description = "Only show the planned restore; change nothing")
  boolean dryRun;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      description = "Graceful shutdown before the VM is forced off (ISO-8601, default PT2M)")
  Duration shutdownTimeout = Duration.ofMinutes(2);

  @Mixin CommonOptions common = new CommonOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      RestorePoint point = RestorePoint.parse(at);
      LoadResult loaded = RepoReader.load(common.repo, AppliedRootDisks.NONE);
      if (loaded.hasErrors()) {
        loaded.diagnostics().forEach(err::println);
        err.println("ringmaster: " + loaded.errors().size() + " error(s); nothing restored");
        return RingmasterCli.ERROR;
      }
      Fleet fleet = loaded.fleet();
      if (fleet.environmentOfVm(vm).isEmpty()) {
        err.println("ringmaster: no VM " + vm + " in the fleet; nothing restored");
        return RingmasterCli.ERROR;
      }
      try (Session session = new Session(common.stateDirectory())) {
        BackupCatalog.Listing listing = BackupCatalog.list(fleet, session.drivers::driver, vm);
        Instant now = Instant.now();
        RestoreDecision.Outcome outcome =
            RestoreDecision.decide(fleet, vm, point, listing, now, allowDestroy || dryRun, force);
        if (outcome instanceof RestoreDecision.Refused r) {
          return refused(out, err, r);
        }
        if (outcome instanceof RestoreDecision.Held h) {
          out.println("planned: " + h.target().describe());
          out.println("held: " + h.message());
          return RingmasterCli.CHANGES;
        }
        RestoreDecision.Ready ready = (RestoreDecision.Ready) outcome;
        out.println("planned: " + ready.target().describe());
        if (dryRun) {
          out.println(allowDestroy ? "dry run: nothing changed" : "dry run: needs --allow-destroy");
          return RingmasterCli.CHANGES;
        }
        Restorer.Result result;
        try {
          result =
              new Restorer(session.store, shutdownTimeout, s -> err.println("ringmaster: " + s))
                  .run(ready, session.drivers.driver(hypervisor(fleet, ready)), commit(), now);
        } catch (RingmasterException e) {
          err.println(
              "ringmaster: restore of "
                  + vm
                  + " failed: "
                  + e.getMessage()
                  + "; run the same restore again to complete it (docs/backups.md#restore)");
          return RingmasterCli.ERROR;
        }
        out.println(result.describe(vm, ready.target().takenAt()));
        return RingmasterCli.OK;
      }
    } catch (RingmasterException e) {
      err.println("ringmaster: " + e.getMessage() + "; nothing restored");
      return RingmasterCli.ERROR;
    }
  }

  private static int refused(PrintWriter out, PrintWriter err, RestoreDecision.Refused r) {
    if (r.target() != null) {
      out.println("planned: " + r.target().describe());
    }
    err.println("ringmaster: " + r.message() + "; nothing restored");
    return RingmasterCli.ERROR;
  }

  private static dev.ringmaster.model.Hypervisor hypervisor(
      Fleet fleet, RestoreDecision.Ready ready) {
    return fleet.hypervisor(ready.target().host()).orElseThrow();
  }

  private String commit() {
    return RepoReader.commitOf(common.repo);
  }
}
