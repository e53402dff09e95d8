package dev.ringmaster.reconciler.daemon.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.ringmaster.reconciler.daemon.loop.Eventually;
import dev.ringmaster.reconciler.daemon.loop.PassOptions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deletion-safety endpoints over HTTP ({@code POST /v1/approvals/mass-delete}, {@code GET
 * /v1/maintenance}): scopes, status codes and JSON shape, with the real daemon core, configuration
 * and a real bare remote, and the recording stand-in for the engine (the engine side is covered by
 * {@link DaemonSafetyTestDefaultTest}).
 */
@QuarkusTest
@QuarkusTestResource(value = TestFleetResource.class, restrictToAnnotatedClass = true)
class SafetyApiHttpIT {
  private static final String APPROVE = "/v1/approvals/mass-delete";

  @Inject TestReconciler reconciler;

  @BeforeEach
  void firstPassesDone() {
    Eventually.until(
        "the first commit was reconciled",
        () -> reconciler.environmentsPassedAt(TestFleetResource.firstCommit).size() >= 2);
  }

  private static String auth(String token) {
    return DaemonHttpIT.bearer(token);
  }

  @Test
  void anApprovalNeedsAWriteTokenAndAFullKnownCommit() {
    String body = "{\"commit\": \"" + TestFleetResource.firstCommit + "\"}";
    given().contentType("application/json").body(body).post(APPROVE).then().statusCode(401);
    given()
        .header("Authorization", auth(TestFleetResource.READ_TOKEN))
        .contentType("application/json")
        .body(body)
        .post(APPROVE)
        .then()
        .statusCode(403);
    post("{\"commit\": \"abc123\"}").then().statusCode(422).body("error", containsString("40"));
    post("{\"environment\": \"a-prod\"}").then().statusCode(422);
    post("{\"commit\": \"" + "0".repeat(40) + "\"}").then().statusCode(404);
    post("{\"commit\": \"" + TestFleetResource.firstCommit + "\", \"environment\": \"nope\"}")
        .then()
        .statusCode(404);
    assertThat(reconciler.approvals).isEmpty();
  }

  @Test
  void anApprovalIsRecordedWithTheTokensNameAndQueuesItsEnvironment() {
    int before = reconciler.calls.size();
    post("{\"commit\": \"" + TestFleetResource.firstCommit + "\", \"environment\": \"a-prod\"}")
        .then()
        .statusCode(202)
        .body("commit", equalTo(TestFleetResource.firstCommit))
        .body("environment", equalTo("a-prod"))
        .body("by", equalTo("writer"))
        .body("queued", equalTo(List.of("a-prod")));
    assertThat(reconciler.approvals)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.by()).isEqualTo("writer");
              assertThat(a.covers(TestFleetResource.firstCommit, "a-prod")).isTrue();
              assertThat(a.covers(TestFleetResource.firstCommit, "b-prod")).isFalse();
            });
    Eventually.until(
        "a-prod was queued",
        () ->
            reconciler.calls.stream()
                .skip(before)
                .anyMatch(
                    c ->
                        c.environment().equals("a-prod")
                            && c.trigger() == PassOptions.Trigger.MANUAL));
    reconciler.approvals.clear();
  }

  @Test
  void maintenanceListsWhatTheLastPassesScheduled() {
    String commit = TestFleetResource.firstCommit;
    reconciler.maintenance =
        Map.of(
            "a-prod",
            Map.of(
                "commit",
                commit,
                "at",
                "2026-11-22T10:00:00Z",
                "budget",
                "deletion budget exceeded: this commit removes 2 of 3 VMs of a-prod",
                "scheduled",
                List.of(
                    Map.of(
                        "resource", "volume/kvm01/a01-root",
                        "kind", "grace",
                        "due", "2026-11-25T10:00:00Z"))));
    given().get("/v1/maintenance").then().statusCode(401);
    given()
        .header("Authorization", auth(TestFleetResource.READ_TOKEN))
        .get("/v1/maintenance")
        .then()
        .statusCode(200)
        .body("commit", equalTo(commit))
        .body("scheduled", hasSize(1))
        .body("scheduled[0].environment", equalTo("a-prod"))
        .body("scheduled[0].kind", equalTo("grace"))
        .body("scheduled[0].due", equalTo("2026-11-25T10:00:00Z"))
        .body("scheduled[0].plannedAt", equalTo("2026-11-22T10:00:00Z"))
        .body("budget[0].environment", equalTo("a-prod"))
        .body("budget[0].approve.commit", equalTo(commit));
    given()
        .header("Authorization", auth(TestFleetResource.READ_TOKEN))
        .get("/v1/maintenance?environment=b-prod")
        .then()
        .statusCode(200)
        .body("scheduled", hasSize(0))
        .body("budget", hasSize(0));
    given()
        .header("Authorization", auth(TestFleetResource.READ_TOKEN))
        .get("/v1/maintenance?environment=nope")
        .then()
        .statusCode(404);
    reconciler.maintenance = Map.of();
  }

  private static io.restassured.response.Response post(String body) {
    return given()
        .header("Authorization", auth(TestFleetResource.WRITE_TOKEN))
        .contentType("application/json")
        .body(body)
        .post(APPROVE);
  }
}
