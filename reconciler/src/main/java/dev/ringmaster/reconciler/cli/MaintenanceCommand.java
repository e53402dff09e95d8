package dev.ringmaster.reconciler.cli;

import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.gate.MaintenanceReport;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "maintenance",
    description =
        "List what is scheduled fleet-wide: restarts with their window, soft-deleted VMs with"
            + " their deletion time, retired service users with the time their homes go, removals"
            + " waiting for approval")
final class MaintenanceCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();
  @Mixin GuestOptions guests = new GuestOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    options.requireTextOrJson(spec);
    PrintWriter out = spec.commandLine().getOut();
    try (Session session =
        new Session(options.stateDirectory(), guests.properties().orElse(null))) {
      Optional<FleetSnapshot> snapshot = session.load(options.repo, spec.commandLine().getErr());
      if (snapshot.isEmpty()) {
        return RingmasterCli.ERROR;
      }
      PlanResult planned = session.reconciler.plan(snapshot.get(), options.scope());
      MaintenanceReport report = MaintenanceReport.of(planned.safety());
      if (options.json()) {
        Output.json(out, report.toJson());
      } else {
        report.printText(out);
        planned
            .plan()
            .unreachable()
            .forEach((h, why) -> out.printf("  ! unreachable %s: %s%n", h, why));
      }
      return report.scheduled().isEmpty() && report.budget().isEmpty()
          ? RingmasterCli.OK
          : RingmasterCli.CHANGES;
    }
  }
}
