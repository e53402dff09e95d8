package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.review.PullRequestPlanner;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "plan", description = "Show what apply would change (observes, changes nothing)")
final class PlanCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();
  @Mixin GuestOptions guests = new GuestOptions();
  @Spec CommandSpec spec;

  @Option(
      names = "--base",
      paramLabel = "REV",
      description =
          "Plan a Git change without hypervisor access: the revision standing for live state")
  String base;

  @Option(names = "--head", paramLabel = "REV", description = "With --base: the revision to plan")
  String head;

  @Option(
      names = "--live",
      description =
          "With --base/--head: plan the head against the live state (observes the hypervisors"
              + " of the touched environments) instead of the base")
  boolean live;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (base != null || head != null) {
      if (base == null || head == null) {
        throw new ParameterException(spec.commandLine(), "--base and --head go together");
      }
      PlanPullRequestCommand.Format format =
          PlanPullRequestCommand.Format.valueOf(options.format.name().toUpperCase(Locale.ROOT));
      if (live) {
        return planLive(format, out);
      }
      return PlanPullRequestCommand.run(
          options.repo, base, head, format, Clock.systemUTC(), out, spec.commandLine().getErr());
    }
    if (live) {
      throw new ParameterException(spec.commandLine(), "--live needs --base and --head");
    }
    options.requireTextOrJson(spec);
    try (Session session =
        new Session(options.stateDirectory(), guests.properties().orElse(null))) {
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

  private int planLive(PlanPullRequestCommand.Format format, PrintWriter out) {
    try (Session session =
        new Session(options.stateDirectory(), guests.properties().orElse(null))) {
      return PlanPullRequestCommand.print(
          PullRequestPlanner.planLive(options.repo, base, head, session.reconciler), format, out);
    } catch (RingmasterException e) {
      spec.commandLine().getErr().println("ringmaster plan: " + e.getMessage());
      return RingmasterCli.ERROR;
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
