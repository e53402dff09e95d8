package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.reconciler.source.HttpsGitServer;
import dev.ringmaster.reconciler.source.TestCertificates;
import dev.ringmaster.reconciler.source.TestRemote;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon process fetching its fleet over {@code https://} from a real {@code git http-backend}
 * behind an HTTPS front on loopback (private CA, basic auth), the CA given by {@code
 * RINGMASTER_REPO_CA_FILE}: it converges and picks up a pushed commit; when the server's password
 * changes, readiness goes DOWN naming the failure and the last good commit stays in force; without
 * the CA, readiness names the untrusted certificate and the setting that fixes it.
 */
class DaemonHttpsIT {
  private static final String PASSWORD = "fleet-token";
  private static final String SECRET = "https-secret";
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Set<String> ENVS = Set.of("alpha-staging");

  @TempDir static Path shared;
  private static TestCertificates certificates;

  @TempDir Path dir;
  private HttpsGitServer server;
  private TestRemote remote;

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(shared.resolve("tls"));
  }

  @BeforeEach
  void startServer() {
    server = HttpsGitServer.start(dir, certificates, PASSWORD);
    remote = TestRemote.create(dir);
  }

  @AfterEach
  void stopServer() {
    remote.close();
    server.close();
  }

  @Test
  void fetchesOverHttpsThenReportsARotatedPasswordAndKeepsTheLastGoodCommit() throws Exception {
    String first = pushFleet(1, "one VM");
    try (DaemonProcess daemon = start(true)) {
      daemon.await(
          "converged at " + first, () -> DaemonProcessIT.converged(daemon, ENVS, first), WAIT);
      daemon.await("ready", () -> daemon.status("/q/health/ready") == 200, WAIT);

      String second = pushFleet(2, "two VMs");
      push(daemon);
      daemon.await(
          "converged at " + second, () -> DaemonProcessIT.converged(daemon, ENVS, second), WAIT);

      server.setPassword("rotated-on-the-server");
      pushFleet(3, "three VMs");
      push(daemon);
      daemon.await("readiness DOWN", () -> daemon.status("/q/health/ready") == 503, WAIT);

      JsonNode data = daemon.readiness().path("checks").get(0).path("data");
      assertThat(data.path("commit").asText()).isEqualTo(second);
      assertThat(data.path("problem1").asText())
          .startsWith("git fetch failing since ")
          .contains(server.url(remote.bare()))
          .containsIgnoringCase("not authorized");
      assertThat(
              daemon.json("/v1/environments/alpha-staging").path("status").path("commit").asText())
          .isEqualTo(second);
    }
  }

  @Test
  void withoutTheCaReadinessNamesTheUntrustedCertificateAndTheSetting() throws Exception {
    pushFleet(1, "one VM");
    try (DaemonProcess daemon = start(false)) {
      daemon.await(
          "readiness names a fetch failure",
          () -> daemon.readiness().path("checks").get(0).path("data").has("problem1"),
          WAIT);

      JsonNode ready = daemon.readiness();
      assertThat(ready.path("status").asText()).isEqualTo("DOWN");
      assertThat(ready.path("checks").get(0).path("data").path("problem1").asText())
          .contains("TLS certificate of " + server.url(remote.bare()) + " is not trusted")
          .contains("ringmaster.repo.ca-file")
          .doesNotContain("\tat ");
    }
  }

  private String pushFleet(int vms, String message) {
    return remote
        .write("hosts/kvm01.yaml", DaemonProcessIT.host())
        .write("environments/alpha.yaml", DaemonProcessIT.environment("alpha", 2, vms))
        .commitAndPush(message);
  }

  private DaemonProcess start(boolean trustCa) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("RINGMASTER_API_READ_OPEN", "true");
    env.put("RINGMASTER_REPO_POLL_INTERVAL", "1h");
    env.put("RINGMASTER_WEBHOOK_SECRET", SECRET);
    env.put("RINGMASTER_REPO_USERNAME", HttpsGitServer.USER);
    env.put("RINGMASTER_REPO_PASSWORD", PASSWORD);
    if (trustCa) {
      env.put("RINGMASTER_REPO_CA_FILE", certificates.caPem().toString());
    }
    return DaemonProcess.start(dir, server.url(remote.bare()), env);
  }

  private static void push(DaemonProcess daemon) throws Exception {
    byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    String signature = "sha256=" + WebhookVerifierTest.hmac(SECRET, body);
    assertThat(
            daemon
                .send("POST", "/v1/hooks/git", Map.of("X-Hub-Signature-256", signature), body)
                .statusCode())
        .isEqualTo(202);
  }
}
