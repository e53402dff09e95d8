package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

class RingmasterCliTest {
  private static final Path FLEET = Paths.get("src/test/resources/fleet");

  /**
   * libvirt frees test:///default's in-process state when its last connection closes, and each CLI
   * run here opens and closes its own. Holding one open for the class lets consecutive commands see
   * the same hypervisor, as they would a real libvirtd.
   */
  private static Connect keeper;

  @TempDir Path state;

  @BeforeAll
  static void keepTestDriverStateAcrossCommands() throws LibvirtException {
    keeper = new Connect("test:///default");
  }

  @AfterAll
  static void release() throws LibvirtException {
    keeper.close();
  }

  @TempDir Path bad;

  record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = RingmasterCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void validateAcceptsTheTestFleet() {
    Run r = run("validate", "--repo", FLEET.toString());
    assertThat(r.status()).isZero();
    assertThat(r.out()).startsWith("ok: 1 environment(s), 2 VM(s)");
  }

  @Test
  void badInputGivesCompilerStyleMessagesAndNoStackTrace() throws IOException {
    Files.createDirectories(bad.resolve("environments"));
    Files.writeString(
        bad.resolve("environments/x.yaml"),
        "apiVersion: ringmaster/v1\nkind: Environment\nname: x\nbogus: 1\n");
    Run r = run("plan", "--repo", bad.toString(), "--state-dir", state.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("environments/x.yaml:").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void missingRepositoryIsOneClearMessage() {
    Run r = run("validate", "--repo", bad.resolve("nope").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("ringmaster: ").doesNotContain("\tat ").hasLineCount(1);
  }

  @Test
  void unknownOptionIsAnErrorNotChanges() {
    assertThat(run("plan", "--frobnicate").status()).isEqualTo(1);
  }

  @Test
  void planShowsChangesAsJsonWithExitTwoThenApplyConverges() throws IOException {
    String[] common = {
      "--repo", FLEET.toString(), "--state-dir", state.toString(), "--env", "myapp-staging"
    };
    Run plan = run(concat(new String[] {"plan", "--format", "json"}, common));
    assertThat(plan.status()).isEqualTo(2);
    JsonNode json = new ObjectMapper().readTree(plan.out());
    assertThat(json.get("changes")).isNotEmpty();
    assertThat(json.get("changes").get(0).get("action").asText()).isEqualTo("CREATE");

    Run apply = run(concat(new String[] {"apply"}, common));
    assertThat(apply.status()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("[1/12] create network/kvm01/ringmaster-kvm01-fe ... ok");

    Run replan = run(concat(new String[] {"plan"}, common));
    assertThat(replan.status()).as(replan.out() + replan.err()).isZero();
    assertThat(run(concat(new String[] {"drift"}, common)).status()).isZero();
    Run status = run("status", "--state-dir", state.toString());
    assertThat(status.status()).isZero();
    assertThat(status.out()).contains("myapp-staging").contains("converged");
  }

  @Test
  void hostconfigIsASubcommand() throws IOException {
    Run r = run("hostconfig", "myapp00", "--repo", FLEET.toString(), "--format", "json");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).get("name").asText()).isEqualTo("myapp00");
  }

  @Test
  void aMissingNixosConfigIsOneClearMessage() {
    Run r =
        run(
            "plan",
            "--repo",
            FLEET.toString(),
            "--state-dir",
            state.toString(),
            "--nixos-config",
            bad.resolve("nixos.properties").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("ringmaster: cannot read the NixOS config")
        .doesNotContain("\tat ")
        .hasLineCount(1);
  }

  @Test
  void aNixosConfigWithoutAKeyNamesTheKey() throws IOException {
    Path config = Files.writeString(bad.resolve("nixos.properties"), "ringmaster.nixos.x=1\n");
    Run r =
        run(
            "plan",
            "--repo",
            FLEET.toString(),
            "--state-dir",
            state.toString(),
            "--nixos-config",
            config.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("ringmaster.nixos.private-key");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "validate",
        "plan",
        "apply",
        "drift",
        "status",
        "demo",
        "hostconfig",
        "benchmark",
        "maintenance"
      })
  void everySubcommandExplainsItselfWithHelp(String command) {
    Run help = run(command, "--help");
    assertThat(help.status()).as(help.err()).isZero();
    assertThat(help.out()).contains("Usage: ringmaster " + command);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
