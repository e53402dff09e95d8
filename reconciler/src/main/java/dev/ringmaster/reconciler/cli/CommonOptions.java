package dev.ringmaster.reconciler.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every subcommand takes. */
final class CommonOptions {
  enum Format {
    text,
    json,
    markdown
  }

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description = "Fleet repository: a directory or a Git work tree (default: .)")
  Path repo = Paths.get(".");

  @Option(
      names = "--env",
      paramLabel = "NAME",
      description = "Narrow to this environment (repeatable)")
  List<String> environments = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: text)")
  Format format = Format.text;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "State directory (default: $RINGMASTER_STATE_DIR or ~/.local/state/ringmaster)")
  Path stateDir;

  @Option(names = "--debug", description = "Print stack traces of unexpected errors")
  boolean debug;

  Set<String> scope() {
    return Set.copyOf(environments);
  }

  boolean json() {
    return format == Format.json;
  }

  /** Refuses {@code --format markdown}, which only pull-request plans render. */
  void requireTextOrJson(CommandSpec spec) {
    if (format == Format.markdown) {
      throw new ParameterException(
          spec.commandLine(),
          "--format markdown is for pull-request plans (plan --base REV --head REV); use text or json");
    }
  }

  Path stateDirectory() {
    if (stateDir != null) {
      return stateDir;
    }
    String env = System.getenv("RINGMASTER_STATE_DIR");
    if (env != null && !env.isBlank()) {
      return Paths.get(env);
    }
    return Paths.get(System.getProperty("user.home"), ".local", "state", "ringmaster");
  }
}
