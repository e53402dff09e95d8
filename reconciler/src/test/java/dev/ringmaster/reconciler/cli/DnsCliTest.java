package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on DNS zones: the example fleet's zones, and bad zone documents. */
class DnsCliTest {
  private static final Path FLEET = Path.of("../examples/fleet").toAbsolutePath().normalize();

  @TempDir Path bad;
  @TempDir Path state;

  record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = RingmasterCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void theExampleFleetsZonesAreNotedAsNotConfiguredWhereTheirServerIsNotSet() {
    assertThat(System.getenv("RINGMASTER_DNS_SERVER")).isNull();
    Run r = run("validate", "--repo", FLEET.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "note: DNS zone whq.example.net (and its 7 reverse zones) is not configured here"
                + " ($RINGMASTER_DNS_SERVER is not set): its names are not maintained from this"
                + " machine")
        .contains("note: DNS zone example.net (and its 7 reverse zones) is not configured here");
  }

  @Test
  void theExampleFleetPlansNoDnsChangeAndNoUnreachableZoneWithoutAServer() {
    Run r =
        run(
            "plan",
            "--repo",
            FLEET.toString(),
            "--state-dir",
            state.toString(),
            "--format",
            "json");
    assertThat(r.status()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).doesNotContain("dns/").contains("domain/kvm01/myapp00");
  }

  @Test
  void anOfflinePullRequestPlanOfTheExampleFleetShowsNoZoneAsUnreachable(@TempDir Path repo)
      throws Exception {
    copy(FLEET, repo);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("base").setAuthor("t", "t@example.net").setSign(false).call();
      Path env = repo.resolve("environments/myapp-staging.yaml");
      Files.writeString(env, Files.readString(env).replace("memory: 4GiB", "memory: 6GiB"));
      git.add().addFilepattern(".").call();
      git.commit().setMessage("head").setAuthor("t", "t@example.net").setSign(false).call();
    }
    Run r =
        run(
            "plan",
            "--repo",
            repo.toString(),
            "--base",
            "HEAD~1",
            "--head",
            "HEAD",
            "--format",
            "json");
    assertThat(r.status()).as(r.err() + r.out()).isEqualTo(2);
    assertThat(r.out()).contains("domain/kvm02/myapp10").doesNotContain("dns/");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
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

  @Test
  void aBadZoneIsAnErrorAtItsPositionAndNothingIsPlanned() throws IOException {
    Files.createDirectories(bad.resolve("dns"));
    Files.writeString(
        bad.resolve("dns/whq.yaml"),
        """
        apiVersion: ringmaster/v1
        kind: DnsZone
        name: whq.example.net
        server: { address: 192.0.2.53 }
        tsig: { name: rm, secretEnv: RINGMASTER_DNS_SECRET, secret: c2VjcmV0 }
        """);
    Run r = run("plan", "--repo", bad.toString(), "--state-dir", state.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .contains("dns/whq.yaml:5:")
        .contains("tsig.secret: the TSIG secret must not be written in the fleet repository")
        .doesNotContain("c2VjcmV0")
        .doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }
}
