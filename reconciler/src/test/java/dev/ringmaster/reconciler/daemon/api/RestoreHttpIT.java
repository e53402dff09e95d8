package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.testing.RestoreGateDriver;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * {@code POST /v1/vms/{vm}/restore} on the real daemon (its own process) against a private libvirtd
 * with a backup pool, two shut-off VMs with small disks (no guest boots; the daemon's first pass
 * backs myapp00 up): tokens, refusals, a dry run that writes nothing, and a restore that runs in
 * the environment's queue slot, a pass of the environment asked for meanwhile starting only after
 * it ({@link RestoreGateDriver} holds the restore's disk write and records the order of the driver
 * calls).
 */
class RestoreHttpIT {
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final String READ = "read-token-restore";
  private static final String WRITE = "write-token-restore";
  private static final String ENV = "myapp-prod";
  private static final String HYPERVISOR =
      """
      apiVersion: ringmaster/v1
      kind: Hypervisor
      name: kvm01
      uri: "%s"
      storagePool: %s
      backupPool: backups
      domainType: qemu
      bridges: { fe: br-fe, srv: br-srv }
      capacity: { memory: 16GiB, cores: 8 }
      """;
  private static final String ENVIRONMENT =
      """
      apiVersion: ringmaster/v1
      kind: Environment
      name: myapp-prod
      resourceGroup: myapp
      maintenance: { window: "%s", timezone: UTC }
      networks:
        fe:  { vlan: 2, ipv4: 203.0.113.0/26, ipv6: "2001:db8:2::/64" }
        srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: "2001:db8:3::/64" }
      vms:
        - { name: myapp00, host: kvm01, memory: 512MiB, cores: 1, disk: 1GiB, online: false }
        - name: myapp03
          host: kvm01
          memory: 512MiB
          cores: 1
          disk: 1GiB
          online: false
          backup: none
      """;

  private static LibvirtdFixture libvirtd;

  @TempDir Path dir;

  @BeforeAll
  static void startLibvirtd() throws Exception {
    libvirtd = LibvirtdFixture.start();
    Connect c = libvirtd.connect();
    try {
      StoragePool pool =
          c.storagePoolDefineXML(
              "<pool type='dir'><name>backups</name><target><path>"
                  + libvirtd.dir().resolve("backups")
                  + "</path></target></pool>",
              0);
      pool.build(0);
      pool.create(0);
      pool.free();
    } finally {
      c.close();
    }
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void restoresThroughTheApiInTheEnvironmentsSlot() throws Exception {
    TestRemote remote = TestRemote.create(dir.resolve("remote"));
    remote
        .write("hosts/kvm01.yaml", HYPERVISOR.formatted(libvirtd.uri(), LibvirtdFixture.POOL))
        .write("environments/myapp.yaml", ENVIRONMENT.formatted(closedWindow()))
        .commitAndPush("two shut-off VMs, one backed up");
    Path tokens = dir.resolve("tokens");
    Files.writeString(
        tokens,
        "read "
            + TestFleetResource.digest(READ)
            + " reader\nwrite "
            + TestFleetResource.digest(WRITE)
            + " operator\n");
    Path gate = Files.createDirectories(dir.resolve("gate"));
    Map<String, String> env = new HashMap<>();
    env.put("RINGMASTER_API_TOKEN_FILE", tokens.toString());
    env.put("RINGMASTER_REPO_POLL_INTERVAL", "1h");
    env.put("RINGMASTER_RECONCILE_RESYNC_INTERVAL", "1h");
    env.put(RestoreGateDriver.VARIABLE, gate.toString());
    try (DaemonProcess daemon =
        DaemonProcess.start(Files.createDirectories(dir.resolve("daemon")), remote.url(), env)) {
      daemon.await("the first pass backed myapp00 up", () -> firstBackup(daemon) != null, WAIT);
      String taken = firstBackup(daemon);
      String at = Instant.now().toString();

      String body = "{\"at\": \"" + at + "\", \"allowDestroy\": true, \"force\": true}";
      assertThat(post(daemon, "myapp00", "", body, null).statusCode()).isEqualTo(401);
      HttpResponse<String> read = post(daemon, "myapp00", "", body, READ);
      assertThat(read.statusCode()).isEqualTo(403);
      assertThat(read.body()).contains("needs write");

      refusals(daemon, at);
      dryRunWritesNothing(daemon, at, taken);
      heldOutsideTheWindow(daemon, at, taken);
      restoreAndPassDoNotOverlap(daemon, gate, at, taken);
      assertThat(daemon.log()).doesNotContain("\tat ", WRITE, READ);
    }
  }

  /** The takenAt of myapp00's oldest backup, or null while it has none. */
  private static String firstBackup(DaemonProcess daemon) {
    HttpResponse<String> r = DaemonPlanRefIT.get(daemon, "/v1/backups?vm=myapp00", READ);
    if (r == null || r.statusCode() != 200) {
      return null;
    }
    JsonNode backups = DaemonPlanRefIT.tree(r.body()).path("backups");
    return backups.isEmpty() ? null : backups.get(0).get("takenAt").asText();
  }

  private static void refusals(DaemonProcess daemon, String at) {
    HttpResponse<String> noConsent = post(daemon, "myapp00", "", "{\"at\": \"" + at + "\"}", WRITE);
    assertThat(noConsent.statusCode()).as(noConsent.body()).isEqualTo(409);
    JsonNode refused = DaemonPlanRefIT.tree(noConsent.body());
    assertThat(refused.get("error").asText()).contains("needs allowDestroy=true");
    assertThat(refused.get("planned").asText()).contains("restore myapp00 (myapp-prod)");

    HttpResponse<String> unknown =
        post(daemon, "nosuch00", "?at=" + at + "&allowDestroy=true", "", WRITE);
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.body()).contains("no VM nosuch00 in the fleet");

    HttpResponse<String> malformed =
        post(daemon, "myapp00", "", "{\"at\": \"last tuesday\", \"allowDestroy\": true}", WRITE);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("\\\"last tuesday\\\" is not a time");
    assertThat(post(daemon, "myapp00", "", "{\"allowDestroy\": true}", WRITE).statusCode())
        .isEqualTo(400);
    assertThat(post(daemon, "myapp00", "", "{\"at\": \"x\", \"alowDestroy\": true}", WRITE).body())
        .contains("unknown field 'alowDestroy'");

    HttpResponse<String> none =
        post(daemon, "myapp03", "?at=" + at + "&allowDestroy=true", "", WRITE);
    assertThat(none.statusCode()).as(none.body()).isEqualTo(422);
    assertThat(none.body()).contains("backup policy none");
    for (HttpResponse<String> r : List.of(noConsent, unknown, malformed, none)) {
      assertThat(r.body()).doesNotContain("Exception", "\\tat ");
    }
  }

  private static void dryRunWritesNothing(DaemonProcess daemon, String at, String taken) {
    List<String> backupsBefore = backups(daemon);
    int journalBefore = restoreEntries(daemon).size();

    HttpResponse<String> r =
        post(
            daemon,
            "myapp00",
            "",
            "{\"at\": \"" + at + "\", \"allowDestroy\": true, \"force\": true, \"dryRun\": true}",
            WRITE);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode preview = DaemonPlanRefIT.tree(r.body());
    assertThat(preview.get("outcome").asText()).isEqualTo("PREVIEWED");
    assertThat(preview.get("backup").asText()).isEqualTo(taken);
    assertThat(preview.get("planned").asText()).contains("overwrites root disk vms/myapp00-root");
    assertThat(preview.get("preRestoreBackup").isNull()).isTrue();
    assertThat(backups(daemon)).isEqualTo(backupsBefore);
    assertThat(restoreEntries(daemon)).hasSize(journalBefore);
  }

  /** A daily one-hour window (UTC) starting six hours from now: closed for the whole test. */
  private static String closedWindow() {
    java.time.LocalTime start =
        java.time.LocalTime.now(java.time.ZoneOffset.UTC)
            .plusHours(6)
            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    return start + "-" + start.plusHours(1);
  }

  private static void heldOutsideTheWindow(DaemonProcess daemon, String at, String taken) {
    List<String> backupsBefore = backups(daemon);
    int journalBefore = restoreEntries(daemon).size();

    HttpResponse<String> r = post(daemon, "myapp00", "?at=" + at + "&allowDestroy=true", "", WRITE);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode held = DaemonPlanRefIT.tree(r.body());
    assertThat(held.get("outcome").asText()).isEqualTo("HELD");
    assertThat(held.get("backup").asText()).isEqualTo(taken);
    assertThat(held.get("message").asText())
        .contains("waiting for maintenance window")
        .contains("force=true restores now");
    assertThat(backups(daemon)).isEqualTo(backupsBefore);
    assertThat(restoreEntries(daemon)).hasSize(journalBefore);
  }

  private static void restoreAndPassDoNotOverlap(
      DaemonProcess daemon, Path gate, String at, String taken) throws Exception {
    CompletableFuture<HttpResponse<String>> restore =
        CompletableFuture.supplyAsync(
            () ->
                post(
                    daemon,
                    "myapp00",
                    "",
                    "{\"at\": \"" + at + "\", \"allowDestroy\": true, \"force\": true}",
                    WRITE));
    Path events = gate.resolve("events");
    daemon.await(
        "the restore writes the disk", () -> lines(events).contains("restore-begin"), WAIT);

    HttpResponse<String> queued =
        daemon.send(
            "POST",
            "/v1/environments/" + ENV + "/reconcile",
            Map.of("Authorization", "Bearer " + WRITE),
            null);
    assertThat(queued.statusCode()).isEqualTo(202);
    daemon.await(
        "the pass waits for the restore (or, wrongly, runs beside it)",
        () -> queueDepth(daemon) >= 1 || observedBesideTheRestore(events),
        WAIT);
    Files.createFile(gate.resolve("release"));

    HttpResponse<String> r = restore.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode done = DaemonPlanRefIT.tree(r.body());
    assertThat(done.get("outcome").asText()).isEqualTo("RESTORED");
    assertThat(done.get("backup").asText()).isEqualTo(taken);
    assertThat(done.get("preRestoreBackupId").asText()).matches("\\d{8}T\\d{6}Z");
    assertThat(done.get("started").asBoolean()).as("it was shut off").isFalse();

    daemon.await(
        "a pass of " + ENV + " ran after the restore",
        () -> eventsAfterRestore(events).stream().anyMatch(e -> e.endsWith(" observe")),
        WAIT);
    assertThat(observedBesideTheRestore(events)).as(lines(events)).isFalse();

    List<JsonNode> journal = restoreEntries(daemon);
    assertThat(journal).extracting(e -> e.get("phase").asText()).contains("INTENT", "OUTCOME");
    JsonNode outcome =
        journal.stream().filter(e -> e.get("phase").asText().equals("OUTCOME")).findFirst().get();
    assertThat(outcome.get("outcome").asText()).isEqualTo("OK");
    Instant pre = Instant.parse(done.get("preRestoreBackup").asText());
    assertThat(outcome.get("message").asText())
        .contains("pre-restore backup " + pre + ", kept until " + pre.plus(Duration.ofDays(30)));
    JsonNode intent =
        journal.stream().filter(e -> e.get("phase").asText().equals("INTENT")).findFirst().get();
    assertThat(intent.get("message").asText()).contains("requested by operator");
    assertThat(backups(daemon)).contains(done.get("preRestoreBackup").asText());
  }

  /** Whether another thread observed the hypervisor between the restore's begin and end. */
  private static boolean observedBesideTheRestore(Path events) {
    String restorer = null;
    boolean inside = false;
    for (String line : lines(events).split("\n")) {
      String[] f = line.split(" ");
      if (f.length < 3) {
        continue;
      }
      if (f[2].equals("restore-begin")) {
        restorer = f[1];
        inside = true;
      } else if (f[2].equals("restore-end")) {
        inside = false;
      } else if (inside && f[2].equals("observe") && !f[1].equals(restorer)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> eventsAfterRestore(Path events) {
    List<String> after = new ArrayList<>();
    boolean ended = false;
    for (String line : lines(events).split("\n")) {
      if (ended) {
        after.add(line);
      }
      ended |= line.endsWith(" restore-end");
    }
    return after;
  }

  private static String lines(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static double queueDepth(DaemonProcess daemon) {
    HttpResponse<String> r = daemon.send("GET", "/q/metrics", Map.of(), null);
    for (String line : r.body().split("\n")) {
      if (line.startsWith("ringmaster_queue_depth")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no ringmaster_queue_depth in /q/metrics");
  }

  private static boolean passed(DaemonProcess daemon) {
    HttpResponse<String> r = DaemonPlanRefIT.get(daemon, "/v1/environments/" + ENV, READ);
    return r != null
        && r.statusCode() == 200
        && !DaemonPlanRefIT.tree(r.body()).path("status").path("lastPass").isMissingNode()
        && !DaemonPlanRefIT.tree(r.body()).path("status").path("lastPass").isNull();
  }

  /** The times of myapp00's complete backups. */
  private static List<String> backups(DaemonProcess daemon) {
    HttpResponse<String> r = DaemonPlanRefIT.get(daemon, "/v1/backups?vm=myapp00", READ);
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    DaemonPlanRefIT.tree(r.body()).path("backups").forEach(b -> out.add(b.get("takenAt").asText()));
    return out;
  }

  private static List<JsonNode> restoreEntries(DaemonProcess daemon) {
    JsonNode page =
        DaemonPlanRefIT.tree(DaemonPlanRefIT.get(daemon, "/v1/events?limit=500", READ).body());
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : page.get("events")) {
      if (e.get("pass").asText().startsWith("restore-")) {
        out.add(e);
      }
    }
    return out;
  }

  private static HttpResponse<String> post(
      DaemonProcess daemon, String vm, String query, String body, String token) {
    return daemon.send(
        "POST",
        "/v1/vms/" + vm + "/restore" + query,
        token == null ? Map.of() : Map.of("Authorization", "Bearer " + token),
        body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8));
  }
}
