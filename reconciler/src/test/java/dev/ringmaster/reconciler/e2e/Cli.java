package dev.ringmaster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import dev.ringmaster.reconciler.testing.FaultInjectingDriver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * Runs the {@code ringmaster} CLI on one fleet repository and state directory. Deletion staging is
 * off here (grace period zero: a removed VM is deleted at once with {@code --allow-destroy}); it is
 * tested in {@code gate.StagedDeletionTestDefaultTest}.
 */
record Cli(Path repo, Path stateDir) {
  private static final String GRACE = "RINGMASTER_DELETE_GRACE";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(4);

  /** What one run printed and returned. */
  record Run(int status, String out, String err) {
    String describe() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** One change of a JSON plan, as the CLI printed it. */
  record PlannedChange(String resource, String action, String impact) {}

  /** Runs {@code command} in this JVM with {@code --repo} and {@code --state-dir} appended. */
  Run run(String command, String... flags) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    System.setProperty(GRACE, "PT0S");
    try {
      int status =
          RingmasterCli.run(argv(command, flags), new PrintWriter(out), new PrintWriter(err));
      return new Run(status, out.toString(), err.toString());
    } finally {
      System.clearProperty(GRACE);
    }
  }

  /** Runs {@code command} in a child JVM whose fault hook halts after {@code haltAfter} calls. */
  Run runInChild(int haltAfter, String command, String... flags) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(RingmasterCli.class.getName());
    cmd.addAll(List.of(argv(command, flags)));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put(FaultInjectingDriver.VARIABLE, Integer.toString(haltAfter));
    pb.environment().put(GRACE, "PT0S");
    Path out = stateDir.resolveSibling(stateDir.getFileName() + "-child.out");
    Path err = stateDir.resolveSibling(stateDir.getFileName() + "-child.err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    try {
      Process p = pb.start();
      if (!p.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("child CLI did not end within " + CHILD_TIMEOUT + ": " + cmd);
      }
      return new Run(p.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The actionable changes of {@code plan --format json} (NO_OP left out). */
  List<PlannedChange> plan() {
    Run r = run("plan", "--format", "json");
    assertThat(r.status()).as(r.describe()).isIn(RingmasterCli.OK, RingmasterCli.CHANGES);
    try {
      JsonNode changes = JSON.readTree(r.out()).get("changes");
      return StreamSupport.stream(changes.spliterator(), false)
          .map(
              c ->
                  new PlannedChange(
                      c.get("resource").asText(),
                      c.get("action").asText(),
                      c.get("impact").asText()))
          .filter(c -> !c.action().equals("NO_OP"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(r.describe(), e);
    }
  }

  private String[] argv(String command, String... flags) {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(List.of(flags));
    args.addAll(List.of("--repo", repo.toString(), "--state-dir", stateDir.toString()));
    return args.toArray(String[]::new);
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
