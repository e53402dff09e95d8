package dev.ringmaster.reconciler.cli;

import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.plan.DriftReport;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "drift", description = "Show where the live state departs from what was applied")
final class DriftCommand implements Callable<Integer> {
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
      DriftReport drift = session.reconciler.drift(snapshot.get(), options.scope());
      if (options.json()) {
        Output.json(
            out,
            Map.of(
                "commit",
                drift.commit(),
                "items",
                drift.items(),
                "unreachable",
                drift.unreachable()));
      } else {
        Output.drift(out, drift);
      }
      return drift.isEmpty() && drift.unreachable().isEmpty()
          ? RingmasterCli.OK
          : RingmasterCli.CHANGES;
    }
  }
}
