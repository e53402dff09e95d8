package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.reconciler.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * {@code ringmaster maintenance}, {@code apply --now} and staged deletion through the CLI, on the
 * test fleet renamed (hypervisor {@code kvm05}, environment {@code maint-staging}) so it shares
 * libvirt's per-process {@code test:///default} with other tests without touching their objects.
 * The CLI runs on the system clock: a new restart is always at least the lead time away. The test
 * holds its own connection open, as libvirt drops the embedded driver's state with the last one.
 */
class MaintenanceCliTest {
  private static final Path FLEET = Paths.get("src/test/resources/fleet");

  @TempDir Path repo;
  @TempDir Path state;

  @Test
  void restartsWaitUntilForcedAndRemovedVmsAreListedWithTheirDeletionTime() throws Exception {
    Connect keepAlive = new Connect("test:///default");
    try {
      runTheStory();
    } finally {
      keepAlive.close();
    }
  }

  private void runTheStory() throws IOException {
    copyFleet();
    assertThat(run("apply").status()).isZero();
    assertThat(run("maintenance").status()).isZero();

    edit("cores: 2", "cores: 4");
    CliRun scheduled = run("maintenance", "--format", "json");
    assertThat(scheduled.status()).isEqualTo(2);
    JsonNode item = new ObjectMapper().readTree(scheduled.out()).get("scheduled").get(0);
    assertThat(item.get("resource").asText()).isEqualTo("domain/kvm05/maint01");
    assertThat(item.get("kind").asText()).isEqualTo("window");
    assertThat(item.get("window").get("text").asText()).endsWith("22:00–05:00 Europe/Berlin");
    assertThat(item.get("knownSince").asText()).isNotEmpty();

    CliRun held = run("apply", "--allow-restart");
    assertThat(held.status()).as(scheduled.out() + held.out() + held.err()).isEqualTo(2);
    assertThat(held.out()).contains("waiting for maintenance window");
    CliRun forced = run("apply", "--allow-restart", "--now", "maint-staging");
    assertThat(forced.status()).as(forced.out() + forced.err()).isZero();
    CliRun after = run("plan");
    assertThat(after.status()).as(after.out() + after.err()).isZero();

    removeSecondVm();
    CliRun soft = run("apply");
    assertThat(soft.status()).as(soft.out() + soft.err()).isEqualTo(2);
    assertThat(soft.out()).contains("soft delete").contains("deleted for good after");
    CliRun listed = run("maintenance");
    assertThat(listed.out()).contains("volume/kvm05/maint01-root", "grace", "after ");
  }

  private CliRun run(String... args) {
    return CliRun.run(repo, state, args);
  }

  private void copyFleet() throws IOException {
    for (String file : List.of("hosts/kvm01.yaml", "environments/myapp.yaml")) {
      Path target = repo.resolve(file.replace("kvm01", "kvm05").replace("myapp", "maint"));
      Files.createDirectories(target.getParent());
      Files.writeString(
          target,
          Files.readString(FLEET.resolve(file))
              .replace("kvm01", "kvm05")
              .replace("myapp", "maint"));
    }
  }

  private void edit(String from, String to) throws IOException {
    Path env = repo.resolve("environments/maint.yaml");
    String text = Files.readString(env);
    assertThat(text).contains(from);
    Files.writeString(env, text.replace(from, to));
  }

  private void removeSecondVm() throws IOException {
    Path env = repo.resolve("environments/maint.yaml");
    String text = Files.readString(env);
    Files.writeString(env, text.substring(0, text.indexOf("  - name: maint01")));
  }
}
