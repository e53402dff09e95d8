package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.reconciler.backup.BackupPoolFixture;
import dev.ringmaster.reconciler.source.TestRemote;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/backups[?vm=]} and the backup series of {@code /v1/metrics/vms} on the real daemon
 * (its own process), the fleet's hypervisor being libvirt's {@code test:///} driver loaded with a
 * backup pool ({@link BackupPoolFixture}).
 */
class BackupsHttpIT {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void listsBackupsAndServesTheNewestBackupAgePerVm() throws Exception {
    Path repo = BackupPoolFixture.write(dir.resolve("fleet"));
    TestRemote remote = TestRemote.create(dir.resolve("remote"));
    for (String file : new String[] {"hosts/kvm01.yaml", "environments/myapp.yaml"}) {
      remote.write(file, Files.readString(repo.resolve(file)));
    }
    remote.commitAndPush("fleet with a backup pool");
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "read " + TestFleetResource.digest(DaemonPlanRefIT.TOKEN) + " p\n");
    Map<String, String> env = new HashMap<>();
    env.put("RINGMASTER_API_TOKEN_FILE", tokens.toString());
    env.put("RINGMASTER_REPO_POLL_INTERVAL", "1h");
    try (DaemonProcess daemon =
        DaemonProcess.start(Files.createDirectories(dir.resolve("daemon")), remote.url(), env)) {
      daemon.await(
          "the fleet was fetched",
          () -> {
            HttpResponse<String> r =
                DaemonPlanRefIT.get(daemon, "/v1/backups", DaemonPlanRefIT.TOKEN);
            return r != null && r.statusCode() == 200;
          },
          WAIT);
      assertThat(DaemonPlanRefIT.get(daemon, "/v1/backups", null).statusCode()).isEqualTo(401);

      JsonNode all =
          DaemonPlanRefIT.tree(
              DaemonPlanRefIT.get(daemon, "/v1/backups", DaemonPlanRefIT.TOKEN).body());
      assertThat(all.get("backups")).hasSize(4);
      assertThat(all.get("backups").get(0).get("vm").asText()).isEqualTo("gone00");
      assertThat(all.get("backups").get(0).get("environment").asText()).isEmpty();
      JsonNode first = all.get("backups").get(1);
      assertThat(first.get("vm").asText()).isEqualTo("myapp00");
      assertThat(first.get("environment").asText()).isEqualTo("myapp-prod");
      assertThat(first.get("takenAt").asText()).isEqualTo("2026-01-01T01:30:00Z");
      assertThat(first.get("consistency").asText()).isEqualTo("crash");
      assertThat(first.get("consistencyReason").asText()).isEqualTo("guest agent channel absent");
      assertThat(all.get("backups").get(2).get("basedOn").asText())
          .isEqualTo("2026-01-01T01:30:00Z");
      assertThat(all.get("unreachable")).isEmpty();

      JsonNode one =
          DaemonPlanRefIT.tree(
              DaemonPlanRefIT.get(daemon, "/v1/backups?vm=myapp01", DaemonPlanRefIT.TOKEN).body());
      assertThat(one.get("backups")).hasSize(1);
      assertThat(one.get("backups").get(0).get("consistency").asText()).isEqualTo("frozen");

      HttpResponse<String> metrics =
          DaemonPlanRefIT.get(daemon, "/v1/metrics/vms", DaemonPlanRefIT.TOKEN);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains(
              "ringmaster_vm_backup_newest_age_seconds{environment=\"myapp-prod\","
                  + "vm=\"myapp00\",policy=\"default\"} ")
          .contains(
              "ringmaster_vm_backup_newest_age_seconds{environment=\"myapp-prod\","
                  + "vm=\"myapp02\",policy=\"default\"} NaN")
          .contains("ringmaster_backup_pool_up{hypervisor=\"kvm01\"} 1")
          .doesNotContain("vm=\"myapp03\"");
    }
  }
}
