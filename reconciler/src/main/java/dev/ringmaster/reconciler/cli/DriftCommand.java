package dev.ringmaster.reconciler.cli;

import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.gate.RetiredUser;
import dev.ringmaster.reconciler.gate.ServiceUserRemovals;
import dev.ringmaster.reconciler.plan.DriftReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
      List<RetiredUser> retired = retired(session);
      if (options.json()) {
        Output.json(
            out,
            Map.of(
                "commit",
                drift.commit(),
                "items",
                drift.items(),
                "unreachable",
                drift.unreachable(),
                "retiredServiceUsers",
                retired.stream().map(DriftCommand::retiredJson).toList()));
      } else {
        Output.drift(out, drift);
        printRetired(out, retired);
      }
      return drift.isEmpty() && drift.unreachable().isEmpty()
          ? RingmasterCli.OK
          : RingmasterCli.CHANGES;
    }
  }

  private List<RetiredUser> retired(Session session) {
    Set<String> scope = options.scope();
    return ServiceUserRemovals.marked(session.store).stream()
        .filter(r -> scope.isEmpty() || scope.contains(r.environment()))
        .toList();
  }

  private static void printRetired(PrintWriter out, List<RetiredUser> retired) {
    if (!retired.isEmpty()) {
      out.printf("%d retired service user(s), homes kept (not drift):%n", retired.size());
      retired.forEach(
          r ->
              out.printf(
                  "  - %s on %s/%s (%s) retired at %s%n",
                  r.user(), r.host(), r.vm(), r.environment(), r.at()));
    }
  }

  private static Map<String, Object> retiredJson(RetiredUser r) {
    return Map.of(
        "environment", r.environment(),
        "host", r.host(),
        "vm", r.vm(),
        "user", r.user(),
        "uid", r.uid(),
        "retiredAt", r.at().toString(),
        "home", r.home());
  }
}
