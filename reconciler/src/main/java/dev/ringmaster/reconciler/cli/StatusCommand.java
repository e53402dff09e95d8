package dev.ringmaster.reconciler.cli;

import dev.ringmaster.reconciler.engine.EnvironmentStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description = "Show each environment's state from the last plan and drift check")
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();
  @Mixin GuestOptions guests = new GuestOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    options.requireTextOrJson(spec);
    PrintWriter out = spec.commandLine().getOut();
    try (Session session =
        new Session(options.stateDirectory(), guests.properties().orElse(null))) {
      List<EnvironmentStatus> statuses =
          session.reconciler.status().stream()
              .filter(
                  s ->
                      options.environments.isEmpty()
                          || options.environments.contains(s.environment()))
              .toList();
      if (options.json()) {
        Output.json(out, statuses);
      } else {
        Output.status(out, statuses);
      }
      return statuses.stream().allMatch(EnvironmentStatus::converged)
          ? RingmasterCli.OK
          : RingmasterCli.CHANGES;
    }
  }
}
