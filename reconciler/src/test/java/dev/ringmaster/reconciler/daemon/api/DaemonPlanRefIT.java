package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.reconciler.review.render.PlanMarkdown;
import dev.ringmaster.reconciler.source.TestRemote;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/plan?ref=} on the real daemon process with the real engine and libvirt driver on
 * {@code test:///default}: a branch pushed to the bare remote but not merged is fetched into the
 * mirror and planned against the live state, without moving the watched branch; unknown refs are
 * 404, requests without a token 401, an invalid head is a 200 comment with its errors.
 */
class DaemonPlanRefIT {
  static final String TOKEN = "plan-read-token";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void plansAnUnmergedBranchAgainstTheLiveState() throws Exception {
    TestRemote remote = TestRemote.create(dir);
    String first =
        remote
            .write("hosts/kvm01.yaml", DaemonProcessIT.host())
            .write("environments/gamma.yaml", DaemonProcessIT.environment("gamma", 6, 1))
            .write("environments/delta.yaml", DaemonProcessIT.environment("delta", 8, 1))
            .commitAndPush("initial fleet");
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "read " + TestFleetResource.digest(TOKEN) + " ci\n");
    try (DaemonProcess daemon =
        DaemonProcess.start(
            dir,
            remote.url(),
            Map.of(
                "RINGMASTER_API_TOKEN_FILE",
                tokens.toString(),
                "RINGMASTER_REPO_POLL_INTERVAL",
                "1h"))) {
      DaemonProcessIT.waitFor(daemon, "gamma converged", () -> converged(daemon, first));

      String feature =
          remote
              .write("environments/gamma.yaml", DaemonProcessIT.environment("gamma", 6, 2))
              .commitAndPush("gamma01", "feature/more-gamma");

      HttpResponse<String> json = get(daemon, "/v1/plan?ref=feature/more-gamma", TOKEN);
      assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
      assertThat(json.headers().firstValue("X-Ringmaster-Exit-Code")).hasValue("2");
      JsonNode plan = JSON.readTree(json.body());
      assertThat(plan.get("live").asBoolean()).isTrue();
      assertThat(plan.get("base").asText()).isEqualTo(first);
      assertThat(plan.get("head").asText()).isEqualTo(feature);
      assertThat(plan.get("environments")).hasSize(1);
      assertThat(plan.at("/environments/0/name").asText()).isEqualTo("gamma-staging");
      assertThat(plan.at("/environments/0/summary/create").asInt()).isPositive();
      assertThat(plan.at("/environments/0/summary/delete").asInt()).isZero();

      HttpResponse<String> markdown =
          get(daemon, "/v1/plan?ref=" + feature + "&format=markdown", TOKEN);
      assertThat(markdown.statusCode()).isEqualTo(200);
      assertThat(markdown.body())
          .startsWith(PlanMarkdown.MARKER)
          .contains("`gamma-staging`", "against the live state", "domain/kvm01/gamma01");

      assertThat(get(daemon, "/v1/plan?ref=no-such-branch", TOKEN).statusCode()).isEqualTo(404);
      assertThat(get(daemon, "/v1/plan?ref=" + "0".repeat(40), TOKEN).statusCode()).isEqualTo(404);
      assertThat(get(daemon, "/v1/plan?ref=feature/more-gamma", null).statusCode()).isEqualTo(401);
      assertThat(get(daemon, "/v1/plan?ref=feature/more-gamma", "wrong").statusCode())
          .isEqualTo(401);

      remote
          .write(
              "environments/gamma.yaml",
              DaemonProcessIT.environment("gamma", 6, 1).replace("1GiB", "2GB"))
          .commitAndPush("broken", "broken");
      HttpResponse<String> invalid = get(daemon, "/v1/plan?ref=broken", TOKEN);
      assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(200);
      JsonNode bad = JSON.readTree(invalid.body());
      assertThat(bad.get("valid").asBoolean()).isFalse();
      assertThat(bad.get("exitCode").asInt()).isEqualTo(1);
      assertThat(bad.at("/diagnostics/0/file").asText()).isEqualTo("environments/gamma.yaml");
      assertThat(bad.at("/diagnostics/0/line").asInt()).isPositive();

      JsonNode environments =
          JSON.readTree(get(daemon, "/v1/environments", TOKEN).body()).path("commit");
      assertThat(environments.asText()).isEqualTo(first);
      assertThat(daemon.terminate(Duration.ofSeconds(90))).as(daemon.log()).isNotEqualTo(-1);
    }
  }

  static boolean converged(DaemonProcess daemon, String commit) {
    HttpResponse<String> r = get(daemon, "/v1/environments", TOKEN);
    if (r == null || r.statusCode() != 200) {
      return false;
    }
    int ok = 0;
    for (JsonNode e : tree(r.body()).path("environments")) {
      if (commit.equals(e.path("commit").asText())
          && java.util.Set.of("APPLIED", "IN_SYNC").contains(e.path("result").asText())) {
        ok++;
      }
    }
    return ok == 2;
  }

  static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError(body, e);
    }
  }

  static HttpResponse<String> get(DaemonProcess daemon, String path, String token) {
    return daemon.send(
        "GET", path, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), null);
  }
}
