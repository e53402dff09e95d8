package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.reconciler.daemon.loop.Eventually;
import dev.ringmaster.reconciler.source.TestRemote;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon process with the real engine and libvirt driver on {@code test:///default}: it
 * converges a fleet from a bare Git repository, a signed push converges only the environment it
 * changed, a badly signed one changes nothing, and SIGTERM stops it cleanly.
 */
class DaemonProcessIT {
  static final String SECRET = "process-secret";

  @TempDir Path dir;

  static String host() {
    return "apiVersion: ringmaster/v1\nkind: Hypervisor\nname: kvm01\nuri: test:///default\n"
        + "storagePool: default-pool\ndomainType: qemu\nbridges: { fe: br-fe, srv: br-srv }\n"
        + "capacity: { memory: 64GiB, cores: 16 }\n";
  }

  static String environment(String group, int vlan, int vms) {
    StringBuilder s =
        new StringBuilder("apiVersion: ringmaster/v1\nkind: Environment\nname: ")
            .append(group)
            .append("-staging\nresourceGroup: ")
            .append(group)
            .append("\nlocation: whq\nnetworks:\n  fe:  { vlan: ")
            .append(vlan)
            .append(", ipv4: 203.0.113.")
            .append(vlan * 16)
            .append("/28, ipv6: \"2001:db8:")
            .append(vlan)
            .append("::/64\" }\n  srv: { vlan: ")
            .append(vlan + 1)
            .append(", ipv4: 10.")
            .append(vlan)
            .append(".0.0/24, ipv6: \"2001:db8:")
            .append(vlan + 1)
            .append("::/64\" }\nvms:\n");
    for (int i = 0; i < vms; i++) {
      s.append("  - name: ")
          .append(group)
          .append("0")
          .append(i)
          .append("\n    host: kvm01\n    memory: 1GiB\n    cores: 1\n    disk: 10GiB\n");
    }
    return s.toString();
  }

  @Test
  void convergesThenAPushConvergesOnlyTheEnvironmentItChanged() throws Exception {
    TestRemote remote = TestRemote.create(dir);
    String first =
        remote
            .write("hosts/kvm01.yaml", host())
            .write("environments/alpha.yaml", environment("alpha", 2, 1))
            .write("environments/beta.yaml", environment("beta", 4, 1))
            .commitAndPush("initial fleet");
    try (DaemonProcess daemon =
        DaemonProcess.start(
            dir,
            remote.url(),
            Map.of(
                "RINGMASTER_WEBHOOK_SECRET", SECRET,
                "RINGMASTER_API_READ_OPEN", "true",
                "RINGMASTER_REPO_POLL_INTERVAL", "1h"))) {
      waitFor(daemon, "ready", () -> daemon.status("/q/health/ready") == 200);
      waitFor(
          daemon,
          "both environments converged at " + first,
          () -> converged(daemon, Set.of("alpha-staging", "beta-staging"), first));

      String second =
          remote.write("environments/beta.yaml", environment("beta", 4, 2)).commitAndPush("beta01");
      byte[] push = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
      assertThat(
              daemon
                  .send(
                      "POST",
                      "/v1/hooks/git",
                      Map.of("X-Hub-Signature-256", "sha256=" + "ab".repeat(32)),
                      push)
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              daemon
                  .send(
                      "POST",
                      "/v1/hooks/git",
                      Map.of(
                          "X-Hub-Signature-256",
                          "sha256=" + WebhookVerifierTest.hmac(SECRET, push)),
                      push)
                  .statusCode())
          .isEqualTo(202);
      waitFor(
          daemon,
          "beta converged at " + second,
          () -> converged(daemon, Set.of("beta-staging"), second));

      List<JsonNode> atSecond = eventsAt(daemon, second);
      assertThat(atSecond).isNotEmpty();
      Set<String> environments = new TreeSet<>();
      atSecond.forEach(e -> environments.add(e.path("environment").asText()));
      assertThat(environments).containsExactly("beta-staging");
      assertThat(atSecond)
          .anySatisfy(e -> assertThat(e.path("resource").asText()).contains("beta01"));
      assertThat(
              daemon.json("/v1/environments/alpha-staging").path("status").path("commit").asText())
          .isEqualTo(first);

      assertThat(
              daemon.json("/v1/environments/beta-staging").path("lastPlan").path("commit").asText())
          .isEqualTo(second);
      String metrics = daemon.send("GET", "/q/metrics", Map.of(), null).body();
      assertThat(metrics)
          .contains("ringmaster_passes_total{")
          .contains("ringmaster_driver_call_duration_seconds");

      assertThat(daemon.terminate(Duration.ofSeconds(90))).as(daemon.log()).isNotEqualTo(-1);
      assertThat(daemon.alive()).isFalse();
    }
  }

  @Test
  void killedInTheMiddleOfAPassItRestartsAndConvergesWithNoDuplicate() throws Exception {
    TestRemote remote = TestRemote.create(dir);
    String commit =
        remote
            .write("hosts/kvm01.yaml", host())
            .write("environments/alpha.yaml", environment("alpha", 2, 2))
            .commitAndPush("initial fleet");
    Map<String, String> env =
        Map.of("RINGMASTER_API_READ_OPEN", "true", "RINGMASTER_REPO_POLL_INTERVAL", "1h");
    try (DaemonProcess crashing = DaemonProcess.start(dir, remote.url(), withHalt(env))) {
      assertThat(crashing.waitForExit(Duration.ofSeconds(120))).as(crashing.log()).isEqualTo(137);
    }
    try (DaemonProcess daemon = DaemonProcess.start(dir, remote.url(), env)) {
      waitFor(
          daemon,
          "converged after the restart",
          () -> converged(daemon, Set.of("alpha-staging"), commit));
      waitFor(daemon, "ready", () -> daemon.status("/q/health/ready") == 200);
      Map<String, Integer> createdOk = new java.util.TreeMap<>();
      for (JsonNode e : eventsAt(daemon, commit)) {
        boolean created =
            e.path("action").asText().equals("CREATE") && e.path("outcome").asText().equals("OK");
        boolean afterRestart = !e.path("pass").asText().equals(firstPass(daemon, commit));
        if (created && afterRestart) {
          createdOk.merge(e.path("resource").asText(), 1, Integer::sum);
        }
      }
      assertThat(createdOk)
          .isNotEmpty()
          .allSatisfy((resource, count) -> assertThat(count).as(resource).isEqualTo(1));
      assertThat(daemon.terminate(Duration.ofSeconds(90))).as(daemon.log()).isNotEqualTo(-1);
    }
  }

  private static Map<String, String> withHalt(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("RINGMASTER_FAULT_HALT_AFTER", "3");
    return all;
  }

  /** The pass id of the oldest journal entry at {@code commit} (the pass that was killed). */
  private static String firstPass(DaemonProcess daemon, String commit) {
    List<JsonNode> events = eventsAt(daemon, commit);
    return events.isEmpty() ? "" : events.get(events.size() - 1).path("pass").asText();
  }

  static boolean converged(DaemonProcess daemon, Set<String> names, String commit) {
    JsonNode envs = daemon.json("/v1/environments").path("environments");
    int ok = 0;
    for (JsonNode e : envs) {
      if (names.contains(e.path("name").asText())
          && commit.equals(e.path("commit").asText())
          && Set.of("APPLIED", "IN_SYNC").contains(e.path("result").asText())) {
        ok++;
      }
    }
    return ok == names.size();
  }

  static List<JsonNode> eventsAt(DaemonProcess daemon, String commit) {
    List<JsonNode> events = new ArrayList<>();
    daemon
        .json("/v1/events?limit=500")
        .path("events")
        .forEach(
            e -> {
              if (commit.equals(e.path("commit").asText())) {
                events.add(e);
              }
            });
    return events;
  }

  static void waitFor(
      DaemonProcess daemon, String what, java.util.function.BooleanSupplier condition) {
    try {
      Eventually.until(
          what,
          () -> {
            if (!daemon.alive()) {
              throw new AssertionError("the daemon died:\n" + daemon.log());
            }
            try {
              return condition.getAsBoolean();
            } catch (AssertionError e) {
              return false;
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- daemon log ---\n" + daemon.log(), e);
    }
  }
}
