package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.reconciler.review.FleetRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  private static final String HOSTS =
      """
      apiVersion: ringmaster/v1
      kind: Hypervisor
      name: kvm11
      uri: test:///default
      storagePool: default-pool
      domainType: qemu
      bridges: { fe: br11-fe, srv: br11-srv }
      capacity: { memory: 64GiB, cores: 16 }
      """;

  @TempDir Path dir;
  @TempDir Path state;

  record Run(int status, String out, String err) {}

  private static String env(String st00Memory) {
    return """
        apiVersion: ringmaster/v1
        kind: Environment
        name: st-staging
        resourceGroup: st
        networks:
          fe:  { vlan: 60, ipv4: 198.51.100.64/26 }
          srv: { vlan: 61, ipv4: 10.61.0.0/24 }
        vms:
          - name: st00
            host: kvm11
            memory: %s
            cores: 1
            disk: 10GiB
          - name: st01
            host: kvm11
            memory: 1GiB
            cores: 1
            disk: 10GiB
        """
        .formatted(st00Memory);
  }

  @Test
  void statusAfterApplySaysConvergedOrNamesWhatWasHeld() throws Exception {
    Connect keepAlive = new Connect("test:///default");
    try (FleetRepo repo = FleetRepo.init(dir)) {
      repo.write("hosts/hosts.yaml", HOSTS)
          .write("environments/st.yaml", env("1GiB"))
          .commit("two VMs");
      Run applied = run("apply");
      assertThat(applied.status()).as(applied.out() + applied.err()).isZero();
      assertThat(applied.out()).contains("10 to create");

      Run converged = run("status", "--format", "json");
      JsonNode st = environment(converged, "st-staging");
      assertThat(st.path("pendingChanges").asLong()).isZero();
      assertThat(converged.status()).as(converged.out()).isZero();
      assertThat(run("status").out()).contains("converged").doesNotContain("not converged");

      repo.write("environments/st.yaml", env("2GiB")).commit("st00 grows");
      Run held = run("apply");
      assertThat(held.status()).as(held.out() + held.err()).isEqualTo(2);

      Run after = run("status", "--format", "json");
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

  private static JsonNode environment(Run status, String name) throws Exception {
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

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--repo", dir.toString(), "--state-dir", state.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        RingmasterCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }
}
