package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.engine.EnvironmentStatus;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.plan.DriftReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    description =
        "Copy the example fleet into a temporary Git repository, then validate, plan, apply and"
            + " report in one process (test:///default keeps its state per process)")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--examples",
      paramLabel = "DIR",
      description = "Example fleet to copy (default: <ringmaster home>/examples/fleet)")
  Path examples;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "State directory (default: a temporary one)")
  Path stateDir;

  @Option(names = "--debug", description = "Print stack traces of unexpected errors")
  boolean debug;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path repo = Files.createTempDirectory("ringmaster-demo-repo");
    copyTree(source(), repo);
    commitAll(repo);
    Path state = stateDir != null ? stateDir : Files.createTempDirectory("ringmaster-demo-state");
    out.println("== fleet repository " + repo + " (state in " + state + ")");
    try (Session session = new Session(state)) {
      Optional<FleetSnapshot> snapshot = session.load(repo, spec.commandLine().getErr());
      if (snapshot.isEmpty()) {
        return RingmasterCli.ERROR;
      }
      out.println("== validate: ok");
      ValidateCommand.dnsNotes(snapshot.get().fleet(), out);
      return converge(session, snapshot.get(), out);
    }
  }

  private int converge(Session session, FleetSnapshot snapshot, PrintWriter out) {
    PlanResult planned = session.reconciler.plan(snapshot, Set.of());
    out.println("== plan");
    Output.plan(out, planned.plan());
    out.println("== apply");
    ApplyReport report =
        session.reconciler.apply(
            planned, new ApplyPolicy(false, false, null), ApplyCommand.printer(out));
    Output.applySummary(out, report);
    PlanResult after = session.reconciler.plan(snapshot, Set.of());
    DriftReport drift = session.reconciler.drift(snapshot, Set.of());
    out.println("== status");
    List<EnvironmentStatus> statuses = session.reconciler.status();
    Output.status(out, statuses);
    out.println("== drift");
    Output.drift(out, drift);
    out.println("== next");
    out.println(
        "Keep it converged from Git with the daemon, and see it in the web dashboard at"
            + " http://127.0.0.1:8099/ui/ : README.md, section \"The daemon: ringmaster serve\"");
    boolean converged =
        report.converged()
            && after.plan().isEmpty()
            && drift.isEmpty()
            && statuses.stream().allMatch(EnvironmentStatus::converged);
    return converged ? RingmasterCli.OK : RingmasterCli.CHANGES;
  }

  private Path source() {
    Path dir = examples;
    if (dir == null) {
      String home = System.getProperty("ringmaster.home", ".");
      dir = Paths.get(home, "examples", "fleet");
    }
    if (!Files.isDirectory(dir)) {
      throw new RingmasterException("example fleet " + dir + " not found (use --examples DIR)");
    }
    return dir;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void commitAll(Path repo) {
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("example fleet")
          .setAuthor("ringmaster demo", "demo@ringmaster.invalid")
          .setCommitter("ringmaster demo", "demo@ringmaster.invalid")
          .setSign(false)
          .call();
    } catch (GitAPIException e) {
      throw new RingmasterException("cannot create the demo repository: " + e.getMessage(), e);
    }
  }
}
