package dev.ringmaster.reconciler.daemon.api;

import static dev.ringmaster.reconciler.daemon.api.DaemonProcessIT.SECRET;
import static dev.ringmaster.reconciler.daemon.api.DaemonProcessIT.converged;
import static dev.ringmaster.reconciler.daemon.api.DaemonProcessIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.reconciler.source.TestRemote;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon process: a webhook delivery is journaled with its delivery id (GitHub, Gitea,
 * GitLab headers); the same delivery posted again within the replay window is answered as a replay,
 * fetches nothing (the Git fetch counter does not move) and is journaled as a replay.
 */
class WebhookReplayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PUSH =
      "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void aReplayedDeliveryIsAnsweredWithoutASecondFetchAndJournaledAsAReplay() throws Exception {
    TestRemote remote = TestRemote.create(dir);
    String first =
        remote
            .write("hosts/kvm01.yaml", DaemonProcessIT.host())
            .write("environments/alpha.yaml", DaemonProcessIT.environment("alpha", 2, 1))
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
      waitFor(daemon, "converged", () -> converged(daemon, Set.of("alpha-staging"), first));

      double before = fetches(daemon);
      JsonNode fresh = github(daemon, "d-1");
      assertThat(fresh.path("replay").asBoolean()).isFalse();
      assertThat(fresh.path("fetch").asBoolean()).isTrue();
      assertThat(fresh.path("delivery").asText()).isEqualTo("d-1");
      waitFor(daemon, "the delivery's fetch", () -> fetches(daemon) >= before + 1);
      double afterFirst = fetches(daemon);

      JsonNode replay = github(daemon, "d-1");
      assertThat(replay.path("replay").asBoolean()).isTrue();
      assertThat(replay.path("fetch").asBoolean()).isFalse();
      assertThat(replay.path("message").asText()).contains("d-1", "already received");
      Thread.sleep(2000);
      assertThat(fetches(daemon)).isEqualTo(afterFirst);

      JsonNode gitea =
          post(
              daemon,
              Map.of(
                  "X-Gitea-Signature",
                  WebhookVerifierTest.hmac(SECRET, PUSH),
                  "X-Gitea-Delivery",
                  "g-7"));
      assertThat(gitea.path("provider").asText()).isEqualTo("gitea");
      assertThat(gitea.path("replay").asBoolean()).isFalse();
      waitFor(daemon, "the Gitea delivery's fetch", () -> fetches(daemon) >= afterFirst + 1);
      JsonNode gitlab =
          post(
              daemon,
              Map.of(
                  "X-Gitlab-Token", SECRET,
                  "X-Gitlab-Event", "Push Hook",
                  "Idempotency-Key", "l-3"));
      assertThat(gitlab.path("delivery").asText()).isEqualTo("l-3");
      JsonNode gitlabRetry =
          post(
              daemon,
              Map.of(
                  "X-Gitlab-Token", SECRET,
                  "X-Gitlab-Event", "Push Hook",
                  "Idempotency-Key", "l-3"));
      assertThat(gitlabRetry.path("replay").asBoolean()).isTrue();

      List<String> journal = new ArrayList<>();
      daemon
          .json("/v1/events?limit=500")
          .path("events")
          .forEach(
              e -> {
                if (e.path("resource").asText().startsWith("webhook/")) {
                  journal.add(
                      e.path("resource").asText()
                          + " "
                          + e.path("outcome").asText()
                          + " "
                          + e.path("message").asText());
                }
              });
      assertThat(journal)
          .anyMatch(l -> l.startsWith("webhook/github/d-1 OK webhook delivery d-1"))
          .anyMatch(l -> l.startsWith("webhook/github/d-1 SKIPPED webhook replay of delivery d-1"))
          .anyMatch(l -> l.startsWith("webhook/gitea/g-7 OK"))
          .anyMatch(l -> l.startsWith("webhook/gitlab/l-3 OK"))
          .anyMatch(l -> l.startsWith("webhook/gitlab/l-3 SKIPPED"))
          .hasSize(5);
    }
  }

  private static JsonNode github(DaemonProcess daemon, String delivery) throws Exception {
    return post(
        daemon,
        Map.of(
            "X-Hub-Signature-256",
            "sha256=" + WebhookVerifierTest.hmac(SECRET, PUSH),
            "X-GitHub-Event",
            "push",
            "X-GitHub-Delivery",
            delivery));
  }

  private static JsonNode post(DaemonProcess daemon, Map<String, String> headers) throws Exception {
    java.net.http.HttpResponse<String> r = daemon.send("POST", "/v1/hooks/git", headers, PUSH);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body());
  }

  /** The daemon's Git fetches so far, from its Prometheus metrics. */
  private static double fetches(DaemonProcess daemon) {
    double sum = 0;
    for (String line : daemon.send("GET", "/q/metrics", Map.of(), null).body().split("\n")) {
      if (line.startsWith("ringmaster_git_fetches_total{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
