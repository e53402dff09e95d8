package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.RingmasterException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ringmaster} command line. Exit status: 0 nothing to do, 2 changes or drift present (or
 * an apply skipped something), 1 error. Expected failures print one message, never a stack trace.
 */
@Command(
    name = "ringmaster",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "ringmaster 0.1.0",
    description = "GitOps control plane for NixOS VMs on KVM",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      DriftCommand.class,
      StatusCommand.class,
      DemoCommand.class,
      HostconfigCommand.class,
      SeedCommand.class,
      BenchmarkCommand.class,
      RestoreCommand.class,
      MaintenanceCommand.class,
      BackupsCommand.class
    })
public final class RingmasterCli implements Runnable {
  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int CHANGES = 2;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "a subcommand is required (see --help)");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine cli = new CommandLine(new RingmasterCli());
    cli.setOut(out).setErr(err);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("ringmaster: " + e.getMessage());
          err.println("see 'ringmaster " + commandName(e) + " --help'");
          return ERROR;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof RingmasterException) {
            err.println("ringmaster: " + e.getMessage());
          } else {
            err.println("ringmaster: internal error: " + e);
            if (!debug) {
              err.println("rerun with --debug to see the stack trace");
            }
          }
          if (debug) {
            e.printStackTrace(err);
          }
          return ERROR;
        });
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  private static String commandName(CommandLine.ParameterException e) {
    String name = e.getCommandLine().getCommandName();
    return "ringmaster".equals(name) ? "" : name;
  }
}
