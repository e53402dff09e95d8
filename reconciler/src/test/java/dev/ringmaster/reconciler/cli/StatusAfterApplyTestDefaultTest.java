package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.reconciler.review.FleetRepo;
import dev.ringmaster.reconciler.testing.CliRun;
import dev.ringmaster.reconciler.testing.FleetYaml;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * {@code status} tells the truth after {@code apply}: converged after a fully successful apply (not
 * the pending count of the plan made before it), and after an apply that held a restart back, one
 * pending change named with why it waits. Real CLI, engine, RocksDB, Git and libvirt's {@code
 * test:///default}; hypervisor {@code kvm11} and environment {@code st-staging} are this test's.
 */
class StatusAfterApplyTestDefaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTS = FleetYaml.testHypervisor("kvm11", "11");

  @TempDir Path dir;
  @TempDir Path state;

  private static String env(String st00Memory) {
    return FleetYaml.environment("st-staging", "st")
        .networks(60, "198.51.100.64/26")
        .vm("st00", "kvm11", st00Memory, "10GiB")
        .vm("st01", "kvm11", "1GiB", "10GiB")
        .yaml();
  }

  @Test
  void statusAfterApplySaysConvergedOrNamesWhatWasHeld() throws Exception {
    Connect keepAlive = new Connect("test:///default");
    try (FleetRepo repo = FleetRepo.init(dir)) {
      repo.write("hosts/hosts.yaml", HOSTS)
          .write("environments/st.yaml", env("1GiB"))
          .commit("two VMs");
      CliRun applied = run("apply");
      assertThat(applied.status()).as(applied.out() + applied.err()).isZero();
      assertThat(applied.out()).contains("12 to create");

      CliRun converged = run("status", "--format", "json");
      JsonNode st = environment(converged, "st-staging");
      assertThat(st.path("pendingChanges").asLong()).isZero();
      assertThat(converged.status()).as(converged.out()).isZero();
      assertThat(run("status").out()).contains("converged").doesNotContain("not converged");

      repo.write("environments/st.yaml", env("2GiB")).commit("st00 grows");
      CliRun held = run("apply");
      assertThat(held.status()).as(held.out() + held.err()).isEqualTo(2);

      CliRun after = run("status", "--format", "json");
      JsonNode heldStatus = environment(after, "st-staging");
      assertThat(heldStatus.path("pendingChanges").asLong()).isEqualTo(1);
      assertThat(after.status()).isEqualTo(2);
      JsonNode synced = condition(heldStatus, "Synced");
      assertThat(synced.path("message").asText())
          .contains("domain/kvm11/st00")
          .contains("waiting for maintenance window");
    } finally {
      keepAlive.close();
    }
  }

  private static JsonNode environment(CliRun status, String name) throws Exception {
    for (JsonNode e : JSON.readTree(status.out())) {
      if (name.equals(e.path("environment").asText())) {
        return e;
      }
    }
    throw new AssertionError(name + " not in " + status.out());
  }

  private static JsonNode condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    throw new AssertionError(type + " not in " + status);
  }

  private CliRun run(String... args) {
    return CliRun.run(dir, state, args);
  }
}
