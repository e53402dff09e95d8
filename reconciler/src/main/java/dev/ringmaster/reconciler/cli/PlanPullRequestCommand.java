package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.review.PullRequestPlan;
import dev.ringmaster.reconciler.review.PullRequestPlanner;
import dev.ringmaster.reconciler.review.render.PlanJson;
import dev.ringmaster.reconciler.review.render.PlanMarkdown;
import dev.ringmaster.reconciler.review.render.PlanText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ringmaster pr-plan --repo DIR --base REV --head REV [--format text|json|markdown]}, also
 * reachable as {@code ringmaster plan --base REV --head REV} through {@link #run}: the PR plan of a
 * Git change, with no access to any hypervisor. Exit 0 nothing to do, 2 changes, 1 an invalid head,
 * a refused change or an error (unknown revision, not a repository). Output goes to standard
 * output, errors to standard error.
 */
@Command(
    name = "pr-plan",
    mixinStandardHelpOptions = true,
    description = "Plan what a Git change (base..head) would do, without any hypervisor access.")
public final class PlanPullRequestCommand implements Callable<Integer> {
  /** The output formats. */
  public enum Format {
    TEXT,
    JSON,
    MARKDOWN
  }

  @Spec CommandSpec spec;

  @Option(names = "--repo", defaultValue = ".", description = "Git work tree (default: .)")
  Path repo;

  @Option(names = "--base", required = true, description = "the revision standing for live state")
  String base;

  @Option(names = "--head", required = true, description = "the revision to plan")
  String head;

  @Option(
      names = "--format",
      defaultValue = "text",
      converter = FormatConverter.class,
      description = "text, json or markdown (default: text)")
  Format format;

  private final Clock clock;

  public PlanPullRequestCommand() {
    this(Clock.systemUTC());
  }

  public PlanPullRequestCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    return run(
        repo, base, head, format, clock, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * Plans and prints; the entry point for the CLI's {@code plan} command when it is given {@code
   * --base} and {@code --head}. Returns the exit status; never throws for expected failures.
   */
  public static int run(
      Path repo,
      String base,
      String head,
      Format format,
      Clock clock,
      PrintWriter out,
      PrintWriter err) {
    try {
      return print(
          new PullRequestPlanner(clock, SafetySettings.fromSystem()).plan(repo, base, head),
          format,
          out);
    } catch (RingmasterException e) {
      err.println("ringmaster plan: " + e.getMessage());
      err.flush();
      return PullRequestPlan.INVALID;
    }
  }

  /** Prints a plan in a format; returns its exit status. */
  public static int print(PullRequestPlan plan, Format format, PrintWriter out) {
    out.print(render(plan, format));
    out.flush();
    return plan.exitCode();
  }

  /** The plan in a format. */
  public static String render(PullRequestPlan plan, Format format) {
    return switch (format) {
      case TEXT -> PlanText.render(plan);
      case JSON -> PlanJson.render(plan);
      case MARKDOWN -> PlanMarkdown.render(plan);
    };
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
