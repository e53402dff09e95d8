package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HostconfigCommandTest {
  private static final Path FLEET = Path.of("../examples/fleet").toAbsolutePath().normalize();

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new HostconfigCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void printsTheDocumentAsJson() throws Exception {
    Run r = run("myapp01", "--repo", FLEET.toString(), "--format", "json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("schema").asText()).isEqualTo("ringmaster.hostconfig/v1");
    assertThat(doc.get("name").asText()).isEqualTo("myapp01");
    assertThat(doc.get("roles").toString()).isEqualTo("[\"postgresql16\"]");
    assertThat(doc.get("contentHash").asText()).isEqualTo(HostConfigJson.contentHashOf(r.out()));
  }

  @Test
  void printsASummaryAsText() {
    Run r = run("myapp00", "--repo", FLEET.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("vm:")
        .contains("myapp00")
        .contains("roles:")
        .contains("webgateway")
        .contains("interface ethsrv:")
        .contains("user alice:")
        .contains("service user s-myapp:");
  }

  @Test
  void showsThePlatformRoleNameAndTheVersionItResolvedTo() throws Exception {
    Run text = run("myapp10", "--repo", FLEET.toString());
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .containsPattern("role postgresql: +postgresql16 \\(catalogue default\\)");

    Run json = run("myapp10", "--repo", FLEET.toString(), "--format", "json");
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("roles").toString())
        .isEqualTo("[\"postgresql16\",\"redis\",\"webgateway\"]");
    assertThat(doc.get("platformRoles").toString()).isEqualTo("{\"postgresql\":\"postgresql16\"}");
  }

  @Test
  void theSampleInExamplesNixosIsCurrent() throws Exception {
    Run r = run("myapp01", "--repo", FLEET.toString(), "--format", "json");

    assertThat(r.out())
        .isEqualTo(Files.readString(FLEET.resolveSibling("nixos/sample-hostconfig.json")));
  }

  @Test
  void anUnknownVmIsAnError() {
    Run r = run("nosuch00", "--repo", FLEET.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("no environment declares VM nosuch00");
  }

  @Test
  void aBrokenRepositoryPrintsItsDiagnostics(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("environments"));
    Files.writeString(
        dir.resolve("environments/x.yaml"),
        "apiVersion: ringmaster/v1\nkind: Environment\nnme: x\n");

    Run r = run("x00", "--repo", dir.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("environments/x.yaml:").contains("nothing rendered");
  }
}
