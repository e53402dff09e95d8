package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.backup.BackupCatalog;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ringmaster backups [VM] --repo DIR [--format text|json]}: lists the complete backups in
 * the backup pools of the fleet's hypervisors (oldest first per VM), with their age and
 * consistency. Read-only. Exit 0 when listed, 1 when the repository has errors or a backup pool
 * could not be read (the others are still listed).
 */
@Command(
    name = "backups",
    mixinStandardHelpOptions = true,
    description = "List the backups of every VM, or of one VM, as the backup pools hold them.")
public final class BackupsCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "VM", description = "Only this VM")
  String vm;

  @Mixin CommonOptions common = new CommonOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    common.requireTextOrJson(spec);
    try {
      LoadResult loaded = RepoReader.load(common.repo, AppliedRootDisks.NONE);
      if (loaded.hasErrors()) {
        loaded.diagnostics().forEach(err::println);
        err.println("ringmaster: " + loaded.errors().size() + " error(s); nothing listed");
        return RingmasterCli.ERROR;
      }
      BackupCatalog.Listing listing;
      try (DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
        listing = BackupCatalog.list(loaded.fleet(), drivers::driver, vm);
      }
      Instant now = Instant.now();
      if (common.json()) {
        Output.json(out, listing.json(now));
      } else {
        text(out, listing, now);
      }
      listing.unreachable().forEach((h, why) -> err.println("ringmaster: " + h + ": " + why));
      return listing.unreachable().isEmpty() ? RingmasterCli.OK : RingmasterCli.ERROR;
    } catch (RingmasterException e) {
      err.println("ringmaster: " + e.getMessage());
      return RingmasterCli.ERROR;
    }
  }

  private static void text(PrintWriter out, BackupCatalog.Listing listing, Instant now) {
    if (listing.backups().isEmpty()) {
      out.println("No backups.");
      return;
    }
    out.printf(
        "%-12s %-22s %-9s %-11s %-11s %-16s %s%n",
        "VM", "TAKEN", "AGE", "CONSISTENCY", "KIND", "WHERE", "WHY CRASH");
    for (BackupCatalog.Entry b : listing.backups()) {
      out.println(
          String.format(
                  "%-12s %-22s %-9s %-11s %-11s %-16s %s",
                  b.vm(),
                  b.takenAt(),
                  BackupCatalog.age(b.takenAt(), now),
                  b.consistency(),
                  b.kind(),
                  b.host() + ":" + b.pool(),
                  b.consistencyReason())
              .stripTrailing());
    }
  }
}
