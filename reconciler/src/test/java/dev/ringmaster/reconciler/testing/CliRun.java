package dev.ringmaster.reconciler.testing;

import dev.ringmaster.reconciler.cli.RingmasterCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One CLI command run in process against a fleet repository and a state directory: its exit status
 * and what it printed.
 */
public record CliRun(int status, String out, String err) {

  /** Runs {@code ringmaster <args> --repo <repo> --state-dir <state>}. */
  public static CliRun run(Path repo, Path state, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--repo", repo.toString(), "--state-dir", state.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        RingmasterCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new CliRun(status, out.toString(), err.toString());
  }
}
