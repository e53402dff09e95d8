package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.review.PullRequestFixture;
import dev.ringmaster.reconciler.review.render.PlanMarkdown;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlanPullRequestCommandTest extends PullRequestFixture {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cli = new CommandLine(new PlanPullRequestCommand(CLOCK));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void markdownForAChangeExitsTwo() {
    repo.write("environments/shop.yaml", shop("8GiB", "30GiB", true, ""));
    RevCommit head = repo.commit("head");

    int exit =
        run(
            "--repo",
            dir.toString(),
            "--base",
            "HEAD~1",
            "--head",
            head.name(),
            "--format",
            "markdown");

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString())
        .startsWith(PlanMarkdown.MARKER)
        .contains("in window 2026-11-22 22:00–05:00 Europe/Berlin");
  }

  @Test
  void jsonForAnInvalidHeadExitsOne() {
    repo.write("environments/shop.yaml", shop("8GB", "30GiB", true, ""));
    repo.commit("head");

    int exit =
        run("--repo", dir.toString(), "--base", "HEAD~1", "--head", "HEAD", "--format", "json");

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("\"valid\" : false").contains("\"line\" : 13");
  }

  @Test
  void textWithNothingToDoExitsZero() {
    repo.write("README.md", "changed\n");
    repo.commit("head");

    int exit = run("--repo", dir.toString(), "--base", "HEAD~1", "--head", "HEAD");

    assertThat(exit).isEqualTo(0);
    assertThat(out.toString()).contains("no environment is touched");
  }

  @Test
  void unknownRevisionIsAnErrorOnStandardError() {
    int exit = run("--repo", dir.toString(), "--base", "nope", "--head", "HEAD");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("unknown revision nope");
    assertThat(out.toString()).isEmpty();
  }
}
