package dev.ringmaster.reconciler.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.cli.RingmasterCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ringmaster restore} on the backup pool fixture: bad input and missing consent end with
 * exit 1, one clear line, no stack trace and nothing restored; a dry run shows the planned restore.
 */
class RestoreCommandTest {
  @TempDir Path dir;

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "unknown VM", "nosuch00", "2026-01-03T00:00:00Z", "no VM nosuch00 in the fleet"),
        Arguments.of("malformed time", "myapp00", "last tuesday", "\"last tuesday\" is not a time"),
        Arguments.of(
            "no backup before", "myapp00", "2025-01-01T00:00:00Z", "no backup at or before"),
        Arguments.of("policy none", "myapp03", "2026-01-03T00:00:00Z", "backup policy none"),
        Arguments.of("no consent", "myapp00", "2026-01-03T00:00:00Z", "needs --allow-destroy"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesWithExitOneAndOneClearLine(String name, String vm, String at, String message) {
    Path repo = BackupPoolFixture.write(dir);
    Result r = cli("restore", vm, "--at", at, "--repo", repo.toString(), "--state-dir", state());
    assertThat(r.status()).as(r.err()).isEqualTo(RingmasterCli.ERROR);
    assertThat(r.err())
        .contains(message)
        .contains("nothing restored")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void aDryRunShowsThePlannedRestoreAndChangesNothing() {
    Path repo = BackupPoolFixture.write(dir);
    Result r =
        cli(
            "restore",
            "myapp00",
            "--at",
            "2026-01-02 03:00 Europe/Berlin",
            "--dry-run",
            "--force",
            "--repo",
            repo.toString(),
            "--state-dir",
            state());
    assertThat(r.status()).as(r.err()).isEqualTo(RingmasterCli.CHANGES);
    assertThat(r.out())
        .contains(
            "planned: restore myapp00 (myapp-prod) from backup 2026-01-02T01:30:00Z (crash,"
                + " kvm01:backups): overwrites root disk vms/myapp00-root")
        .contains("dry run: needs --allow-destroy");
  }

  private String state() {
    return dir.resolve("state").toString();
  }

  private record Result(int status, String out, String err) {}

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = RingmasterCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(status, out.toString(), err.toString());
  }
}
