package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.source.TestRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon process with its libvirt change feed (on by default) against a real libvirtd:
 * changes made by hand with {@code virsh} — domain destroyed, memory maximum set, volume deleted,
 * domain undefined — queue the owning environment at once, so {@code /v1/drift} and {@code
 * /v1/environments} show them within a second; {@code driftPolicy: revert} undoes them, {@code
 * report} only reports them; a foreign domain's changes queue no pass; a libvirtd restart makes
 * readiness name the hypervisor and is followed by a relist.
 */
class DaemonChangeFeedIT {
  private static final String HOST = "kvm01";
  private static final Duration WAIT = Duration.ofSeconds(150);

  /** The bound from the hand-made change to the drift shown by the API. */
  private static final Duration WITHIN = Duration.ofSeconds(1);

  private static LibvirtdFixture libvirtd;

  @TempDir Path dir;

  @BeforeAll
  static void startLibvirtd() {
    libvirtd = LibvirtdFixture.start();
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void handMadeChangesShowWithinASecond() throws Exception {
    TestRemote remote = TestRemote.create(dir);
    String commit =
        remote
            .write("hosts/" + HOST + ".yaml", hypervisor())
            .write("environments/alpha.yaml", DaemonProcessIT.environment("alpha", 2, 1))
            .write(
                "environments/beta.yaml",
                DaemonProcessIT.environment("beta", 4, 1)
                    .replace("location: whq\n", "location: whq\ndriftPolicy: report\n"))
            .commitAndPush("two environments of one VM");
    Path foreign = dir.resolve("foreign.xml");
    Files.writeString(foreign, FOREIGN);
    virsh("define", foreign.toString());
    Map<String, String> env =
        Map.of(
            "RINGMASTER_API_READ_OPEN", "true",
            "RINGMASTER_REPO_POLL_INTERVAL", "1h",
            "RINGMASTER_RECONCILE_RESYNC_INTERVAL", "1h");
    try (DaemonProcess daemon = DaemonProcess.start(dir, remote.url(), env)) {
      daemon.await(
          "both environments converged",
          () -> DaemonProcessIT.converged(daemon, Set.of("alpha-staging", "beta-staging"), commit),
          WAIT);
      assertThat(driftOf(daemon, "beta-staging")).isEmpty();
      Thread.sleep(2500); // the driver's own writes are not reported for 2 s: let that pass

      // report: shown, not undone
      List<String> measured = new ArrayList<>();
      measured.add(
          shownWithin(
              daemon,
              "destroy",
              () -> virsh("destroy", "beta00"),
              d -> has(d, "domain/" + HOST + "/beta00")));
      measured.add(
          shownWithin(
              daemon,
              "setmaxmem",
              () -> virsh("setmaxmem", "beta00", "2097152", "--config"),
              d -> d.stream().anyMatch(e -> e.path("field").asText().contains("memory"))));
      measured.add(
          shownWithin(
              daemon,
              "vol-delete",
              () -> virsh("vol-delete", "--pool", LibvirtdFixture.POOL, "beta00-tmp"),
              d -> has(d, "volume/" + HOST + "/beta00-tmp")));
      int before = driftOf(daemon, "beta-staging").size();
      measured.add(
          shownWithin(
              daemon,
              "undefine",
              () -> virsh("undefine", "beta00"),
              d -> d.size() != before && has(d, "domain/" + HOST + "/beta00")));
      System.out.println("hand-made change -> /v1/drift: " + measured);
      assertThat(environment(daemon, "beta-staging").path("drifted").asInt()).isPositive();
      assertThat(virsh("list", "--all", "--name")).doesNotContain("beta00");

      // revert: queued at once and undone
      Instant destroyed = Instant.now();
      virsh("destroy", "alpha00");
      daemon.await(
          "alpha00 started again by the alpha pass the event queued",
          () -> virsh("list", "--state-running", "--name").contains("alpha00"),
          WAIT);
      // the domain runs again while that pass is still going; its record (lastPass, drift) is
      // written when it ends
      daemon.await(
          "the alpha pass that started alpha00 again has ended",
          () -> lastPass(daemon, "alpha-staging").isAfter(destroyed),
          WAIT);
      assertThat(driftOf(daemon, "alpha-staging")).isEmpty();

      // foreign: ignored, no pass queued
      Thread.sleep(2500);
      Instant alphaPass = lastPass(daemon, "alpha-staging");
      Instant betaPass = lastPass(daemon, "beta-staging");
      virsh("setmaxmem", "foreign1", "98304", "--config");
      virsh("undefine", "foreign1");
      Thread.sleep(2000);
      assertThat(lastPass(daemon, "alpha-staging")).isEqualTo(alphaPass);
      assertThat(lastPass(daemon, "beta-staging")).isEqualTo(betaPass);

      // a lost connection: readiness names the hypervisor, then a relist passes every environment
      List<String> readiness = new ArrayList<>();
      AtomicBoolean watching = new AtomicBoolean(true);
      Thread probe =
          new Thread(
              () -> {
                while (watching.get()) {
                  try {
                    readiness.add(daemon.readiness().toString());
                    Thread.sleep(50);
                  } catch (Throwable e) {
                    // keep probing
                  }
                }
              });
      probe.start();
      Instant restarted = Instant.now();
      libvirtd.restartLibvirtd();
      daemon.await(
          "alpha passed again after the reconnect (relist)",
          () -> lastPass(daemon, "alpha-staging").isAfter(restarted),
          WAIT);
      watching.set(false);
      probe.join();
      assertThat(readiness)
          .anySatisfy(r -> assertThat(r).contains("hypervisor " + HOST + " change feed down"));
      daemon.await(
          "readiness up again", () -> daemon.readiness().toString().contains("\"UP\""), WAIT);
    }
  }

  /**
   * Makes the change, then polls until a pass of the report-only environment that started after the
   * change has ended with drift ({@code /v1/environments}) and {@code /v1/drift} shows {@code
   * shown}; asserts that took at most {@link #WITHIN} and returns the measured time. With the
   * repository poll and the resync an hour apart, only the change feed can have queued that pass.
   */
  private static String shownWithin(
      DaemonProcess daemon, String what, Runnable change, Predicate<List<JsonNode>> shown)
      throws InterruptedException {
    Instant changed = Instant.now();
    change.run();
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(30).toNanos();
    while (!visible(daemon, changed, shown) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(visible(daemon, changed, shown))
        .as("%s: a pass after it, with drift, and the drift in /v1/drift", what)
        .isTrue();
    assertThat(Duration.ofMillis(millis))
        .as("%s shown after %d ms", what, millis)
        .isLessThanOrEqualTo(WITHIN);
    return what + " " + millis + " ms";
  }

  private static boolean visible(
      DaemonProcess daemon, Instant changed, Predicate<List<JsonNode>> shown) {
    JsonNode beta = environment(daemon, "beta-staging");
    Instant passStarted =
        lastPass(daemon, "beta-staging").minusMillis(beta.path("durationMillis").asLong());
    return passStarted.isAfter(changed)
        && beta.path("drifted").asInt() > 0
        && shown.test(driftOf(daemon, "beta-staging"));
  }

  private static boolean has(List<JsonNode> drift, String resource) {
    return drift.stream().anyMatch(e -> e.path("resource").asText().equals(resource));
  }

  private static List<JsonNode> driftOf(DaemonProcess daemon, String environment) {
    List<JsonNode> out = new ArrayList<>();
    daemon
        .json("/v1/drift")
        .path("entries")
        .forEach(
            e -> {
              if (environment.equals(e.path("environment").asText())) {
                out.add(e);
              }
            });
    return out;
  }

  private static JsonNode environment(DaemonProcess daemon, String name) {
    for (JsonNode e : daemon.json("/v1/environments").path("environments")) {
      if (name.equals(e.path("name").asText())) {
        return e;
      }
    }
    throw new AssertionError("no environment " + name);
  }

  private static Instant lastPass(DaemonProcess daemon, String name) {
    String at = environment(daemon, name).path("lastPass").asText();
    return at.isEmpty() || at.equals("null") ? Instant.EPOCH : Instant.parse(at);
  }

  private static String virsh(String... args) {
    List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", libvirtd.uri()));
    argv.addAll(Arrays.asList(args));
    return libvirtd.inNamespace(argv.toArray(String[]::new));
  }

  private static String hypervisor() {
    return """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: "%s"
        storagePool: %s
        domainType: qemu
        bridges: { fe: br-fe, srv: br-srv }
        capacity: { memory: 16GiB, cores: 8 }
        """
        .formatted(HOST, libvirtd.uri(), LibvirtdFixture.POOL);
  }

  private static final String FOREIGN =
      """
      <domain type='qemu'>
        <name>foreign1</name>
        <memory unit='KiB'>65536</memory>
        <vcpu>1</vcpu>
        <os><type arch='x86_64'>hvm</type></os>
      </domain>
      """;
}
