package dev.ringmaster.reconciler.cli;

import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.plan.Plan;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "plan", description = "Show what apply would change (observes, changes nothing)")
final class PlanCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = new Session(options.stateDirectory())) {
      Optional<FleetSnapshot> snapshot = session.load(options.repo, spec.commandLine().getErr());
      if (snapshot.isEmpty()) {
        return RingmasterCli.ERROR;
      }
      PlanResult result = session.reconciler.plan(snapshot.get(), options.scope());
      if (options.json()) {
        Output.json(out, Output.planJson(result.plan()));
      } else {
        Output.plan(out, result.plan());
      }
      return exitStatus(result.plan());
    }
  }

  static int exitStatus(Plan plan) {
    if (!plan.applicable()) {
      return RingmasterCli.ERROR;
    }
    return plan.isEmpty() && plan.unreachable().isEmpty()
        ? RingmasterCli.OK
        : RingmasterCli.CHANGES;
  }
}
