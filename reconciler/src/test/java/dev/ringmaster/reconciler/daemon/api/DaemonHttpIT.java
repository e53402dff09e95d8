package dev.ringmaster.reconciler.daemon.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.ringmaster.reconciler.daemon.loop.Eventually;
import dev.ringmaster.reconciler.daemon.loop.PassOptions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = TestFleetResource.class, restrictToAnnotatedClass = true)
class DaemonHttpIT {
  @Inject TestReconciler reconciler;

  @BeforeEach
  void firstPassesDone() {
    Eventually.until(
        "the first commit was reconciled",
        () -> reconciler.environmentsPassedAt(TestFleetResource.firstCommit).size() >= 2);
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  @Test
  void webhookWithABadSignatureIs401AndFetchesNothing() {
    String commit =
        TestFleetResource.remote
            .write("environments/a.yaml", TestRemote2.env("a-prod", "5GiB"))
            .commitAndPush("unsigned change");
    byte[] body = push("main");

    given()
        .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
        .body(body)
        .post("/v1/hooks/git")
        .then()
        .statusCode(401)
        .body("error", containsString("signature"));
    given().body(body).post("/v1/hooks/git").then().statusCode(401).body("status", equalTo(401));

    assertThat(reconciler.environmentsPassedAt(commit)).isEmpty();
    signedPush(body);
    Eventually.until(
        "the signed push was fetched", () -> !reconciler.environmentsPassedAt(commit).isEmpty());
    assertThat(reconciler.environmentsPassedAt(commit)).containsExactly("a-prod");
  }

  @Test
  void aPushToAnotherBranchIsAcceptedAndIgnored() throws Exception {
    byte[] body = push("feature");
    given()
        .header(
            "X-Hub-Signature-256",
            "sha256=" + WebhookVerifierTest.hmac(TestFleetResource.SECRET, body))
        .body(body)
        .post("/v1/hooks/git")
        .then()
        .statusCode(202)
        .body("fetch", equalTo(false));
  }

  @Test
  void readEndpointsNeedAReadTokenAndWriteEndpointsAWriteToken() {
    given().get("/v1/environments").then().statusCode(401).body("error", containsString("bearer"));
    given().header("Authorization", bearer("wrong")).get("/v1/environments").then().statusCode(401);
    given()
        .header("Authorization", bearer(TestFleetResource.READ_TOKEN))
        .get("/v1/environments")
        .then()
        .statusCode(200)
        .body("environments.name", hasItem("a-prod"))
        .body("environments.name", hasItem("b-prod"));
    given()
        .header("Authorization", bearer(TestFleetResource.READ_TOKEN))
        .post("/v1/environments/a-prod/reconcile")
        .then()
        .statusCode(403)
        .body("error", containsString("write"));
    given()
        .header("Authorization", bearer(TestFleetResource.WRITE_TOKEN))
        .post("/v1/environments/a-prod/reconcile")
        .then()
        .statusCode(202)
        .body("queued", equalTo(true));
    Eventually.until(
        "the manual pass ran",
        () -> reconciler.calls.stream().anyMatch(c -> c.trigger() == PassOptions.Trigger.MANUAL));
    given()
        .header("Authorization", bearer(TestFleetResource.WRITE_TOKEN))
        .post("/v1/environments/a-prod/reconcile?now=true")
        .then()
        .statusCode(202)
        .body("now", equalTo(true));
    Eventually.until(
        "a manual pass with restarts forced now, naming who asked",
        () ->
            reconciler.calls.stream()
                .anyMatch(c -> c.trigger() == PassOptions.Trigger.MANUAL && c.nowBy() != null));
  }

  @Test
  void environmentPlanDriftAndEventsAnswerInJson() {
    String read = bearer(TestFleetResource.READ_TOKEN);
    given()
        .header("Authorization", read)
        .get("/v1/environments/b-prod")
        .then()
        .statusCode(200)
        .body("status.name", equalTo("b-prod"))
        .body("status.result", equalTo("APPLIED"));
    given()
        .header("Authorization", read)
        .get("/v1/environments/nope")
        .then()
        .statusCode(404)
        .body("error", containsString("nope"));
    given()
        .header("Authorization", read)
        .get("/v1/environments/b-prod/plan")
        .then()
        .statusCode(200)
        .body("empty", equalTo(true));
    given()
        .header("Authorization", read)
        .get("/v1/drift")
        .then()
        .statusCode(200)
        .body("entries[0].field", equalTo("memory"));
    given()
        .header("Authorization", read)
        .queryParam("format", "markdown")
        .get("/v1/drift")
        .then()
        .statusCode(200)
        .contentType(containsString("text/markdown"))
        .body(containsString("| a-prod | domain:kvm01/a00 | memory | 4GiB | 8GiB |"));
    given()
        .header("Authorization", read)
        .queryParam("limit", 1)
        .get("/v1/events")
        .then()
        .statusCode(200)
        .body("events.size()", equalTo(1));
    given()
        .header("Authorization", read)
        .queryParam("limit", 0)
        .get("/v1/events")
        .then()
        .statusCode(400)
        .body("error", containsString("limit"));
  }

  @Test
  void readinessGoesDownWhileTheRemoteIsUnreachableAndUpAfter() throws Exception {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
    java.nio.file.Path away = TestFleetResource.dir.resolve("away.git");
    Files.move(TestFleetResource.remote.bare(), away);
    try {
      signedPush(push("main"));
      Eventually.until("readiness is DOWN", () -> readyStatus() == 503);
      given()
          .get("/q/health/ready")
          .then()
          .body("checks[0].data.problem1", containsString("git fetch failing since"));
    } finally {
      Files.move(away, TestFleetResource.remote.bare());
    }
    signedPush(push("main"));
    Eventually.until("readiness is UP again", () -> readyStatus() == 200);
  }

  @Test
  void metricsArePublishedInPrometheusFormat() {
    Response r = given().get("/q/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString())
        .contains("ringmaster_passes_total{")
        .contains("ringmaster_pass_duration_seconds")
        .contains("ringmaster_git_fetches_total{result=\"success\"}")
        .contains("ringmaster_queue_depth")
        .contains("ringmaster_changes_applied_total{impact=\"live\"}")
        .contains("ringmaster_resources_drifted{")
        .contains("ringmaster_applied_commit_age_seconds");
  }

  @Test
  void errorsAreJsonWithoutStackTraces() {
    given()
        .header("Authorization", bearer(TestFleetResource.READ_TOKEN))
        .queryParam("format", "xml")
        .get("/v1/drift")
        .then()
        .statusCode(400)
        .body("error", containsString("markdown"))
        .body(not(containsString("at dev.ringmaster")));
  }

  private static int readyStatus() {
    return given().get("/q/health/ready").statusCode();
  }

  static byte[] push(String branch) {
    return ("{\"ref\":\"refs/heads/" + branch + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  static void signedPush(byte[] body) {
    try {
      given()
          .header("X-Gitea-Signature", WebhookVerifierTest.hmac(TestFleetResource.SECRET, body))
          .body(body)
          .post("/v1/hooks/git")
          .then()
          .statusCode(202);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Environment files for pushed changes. */
  static final class TestRemote2 {
    static String env(String name, String memory) {
      return dev.ringmaster.reconciler.source.TestRemote.environment(name, "a", "kvm01", memory);
    }
  }
}
