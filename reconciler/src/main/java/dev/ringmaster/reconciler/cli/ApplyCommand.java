package dev.ringmaster.reconciler.cli;

import dev.ringmaster.reconciler.apply.ActionResult;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.gate.SafetyOverrides;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apply", description = "Plan, then apply the plan's changes the flags allow")
final class ApplyCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();
  @Mixin GuestOptions guests = new GuestOptions();
  @Spec CommandSpec spec;

  @Option(names = "--allow-restart", description = "Apply changes that reboot VMs")
  boolean allowRestart;

  @Option(names = "--allow-destroy", description = "Apply changes that lose data (deletions)")
  boolean allowDestroy;

  @Option(
      names = "--now",
      paramLabel = "ENV",
      description = "Run this environment's restart changes now, outside their window (repeatable)")
  List<String> now = new ArrayList<>();

  @Option(
      names = "--allow-mass-delete",
      description = "Approve removals beyond the deletion budget")
  boolean allowMassDelete;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "SECONDS",
      description = "Graceful shutdown wait before a domain is destroyed (default: 120)")
  long shutdownTimeoutSeconds = ApplyPolicy.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds();

  @Override
  public Integer call() {
    options.requireTextOrJson(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Session session =
        new Session(options.stateDirectory(), guests.properties().orElse(null))) {
      Optional<FleetSnapshot> snapshot = session.load(options.repo, err);
      if (snapshot.isEmpty()) {
        return RingmasterCli.ERROR;
      }
      PlanResult planned = session.reconciler.plan(snapshot.get(), options.scope());
      PrintWriter progress = options.json() ? err : out;
      if (!options.json()) {
        Output.plan(out, planned.plan());
      }
      ApplyReport report =
          session.reconciler.apply(planned, policy(), overrides(), printer(progress));
      if (options.json()) {
        Output.json(out, Output.applyJson(report));
      } else {
        Output.applySummary(out, report);
      }
      return exitStatus(report, planned);
    }
  }

  ApplyPolicy policy() {
    return new ApplyPolicy(allowRestart, allowDestroy, Duration.ofSeconds(shutdownTimeoutSeconds));
  }

  SafetyOverrides overrides() {
    return new SafetyOverrides(Set.copyOf(now), allowMassDelete, System.getProperty("user.name"));
  }

  static ApplyListener printer(PrintWriter progress) {
    return new ApplyListener() {
      private int done;

      @Override
      public void finished(ActionResult result) {
        synchronized (progress) {
          done++;
          progress.println(Output.progressLine(done, result));
          progress.flush();
        }
      }
    };
  }

  static int exitStatus(ApplyReport report, PlanResult planned) {
    if (report.failed()) {
      return RingmasterCli.ERROR;
    }
    return report.skippedAny() || !planned.plan().unreachable().isEmpty()
        ? RingmasterCli.CHANGES
        : RingmasterCli.OK;
  }
}
