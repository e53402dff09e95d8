package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.testing.FaultInjectingDriver;
import dev.ringmaster.reconciler.testing.LibvirtView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real daemon process, SIGKILLed in the middle of a pass against a real libvirtd (QEMU, TCG)
 * that outlives it, then restarted on the same state directory: the hypervisor objects made before
 * the kill are still there, and the restarted daemon converges with every object exactly once and
 * nothing orphaned; the killed pass's open intent is closed by the restarted daemon, naming how.
 *
 * <p>Two environments of one VM each on one hypervisor; with one pass per hypervisor at a time the
 * first pass makes, in this order, 2 networks, 3 volumes, the domain (define, start). The fault
 * hook ({@value FaultInjectingDriver#PAUSE_VARIABLE}) blocks the pass right after its N-th call and
 * the test then sends SIGKILL, so the kill point is known.
 */
class DaemonKillLibvirtdIT {
  private static final String HOST = "kvm01";
  private static final Map<String, String> VMS =
      Map.of("alpha-staging", "alpha00", "beta-staging", "beta00");
  private static final Set<String> NETWORKS =
      Set.of("ringmaster-" + HOST + "-fe", "ringmaster-" + HOST + "-srv");
  private static final Duration WAIT = Duration.ofSeconds(150);

  private static LibvirtdFixture libvirtd;
  private static LibvirtView libvirt;
  private static Set<String> foreignNetworks;

  @TempDir Path dir;

  @BeforeAll
  static void startLibvirtd() {
    libvirtd = LibvirtdFixture.start();
    libvirt = new LibvirtView(libvirtd);
    foreignNetworks = Set.copyOf(libvirt.networks());
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @AfterEach
  void wipe() {
    libvirt.wipe(n -> !foreignNetworks.contains(n));
  }

  @ParameterizedTest(name = "SIGKILL after mutating call {0} ({1})")
  @CsvSource({
    "3, creating the first volume",
    "7, defining the first domain",
    "8, starting the first domain"
  })
  void killedMidPassTheRestartedDaemonConvergesWithEachObjectOnce(int calls, String point)
      throws Exception {
    TestRemote remote = TestRemote.create(dir);
    String commit =
        remote
            .write("hosts/" + HOST + ".yaml", hypervisor())
            .write("environments/alpha.yaml", DaemonProcessIT.environment("alpha", 2, 1))
            .write("environments/beta.yaml", DaemonProcessIT.environment("beta", 4, 1))
            .commitAndPush("two environments of one VM");
    Map<String, String> env =
        Map.of(
            "RINGMASTER_API_READ_OPEN", "true",
            "RINGMASTER_REPO_POLL_INTERVAL", "1h",
            "RINGMASTER_RECONCILE_PER_HYPERVISOR", "1");

    String killedPass;
    String interrupted;
    try (DaemonProcess daemon = DaemonProcess.start(dir, remote.url(), paused(env, calls))) {
      daemon.awaitLog(FaultInjectingDriver.PAUSED_MARKER + " " + calls, WAIT);
      List<JsonNode> open = openIntents(daemon, commit);
      assertThat(open).as("the paused pass's intent").hasSize(1);
      killedPass = open.get(0).path("pass").asText();
      interrupted = open.get(0).path("resource").asText();
      assertThat(daemon.sigkill()).as("exit status of SIGKILL").isEqualTo(137);
    }
    assertObjectsOfTheFirstCalls(calls);

    try (DaemonProcess daemon = DaemonProcess.start(dir, remote.url(), env)) {
      daemon.await(
          "both environments converged after the restart",
          () -> DaemonProcessIT.converged(daemon, VMS.keySet(), commit),
          WAIT);
      assertEverythingExactlyOnce();
      assertJournal(daemon, commit, killedPass, interrupted, calls != 7);
    }
  }

  private static Map<String, String> paused(Map<String, String> env, int calls) {
    Map<String, String> all = new HashMap<>(env);
    all.put(FaultInjectingDriver.PAUSE_VARIABLE, Integer.toString(calls));
    return all;
  }

  /**
   * What survives the kill: networks first, then the three disk volumes and the first-boot seed,
   * then the domain, one per call.
   */
  private static void assertObjectsOfTheFirstCalls(int calls) {
    assertThat(libvirt.networks()).containsAll(NETWORKS);
    assertThat(libvirt.volumes().keySet()).hasSize(Math.min(calls - NETWORKS.size(), 4));
    assertThat(libvirt.domains()).hasSize(calls >= 7 ? 1 : 0);
    assertThat(libvirt.runningDomains()).hasSize(calls >= 8 ? 1 : 0);
  }

  private static void assertEverythingExactlyOnce() {
    List<String> volumes = new ArrayList<>();
    VMS.values()
        .forEach(
            vm -> List.of("root", "swap", "tmp", "seed").forEach(d -> volumes.add(vm + "-" + d)));
    assertThat(libvirt.domains()).containsExactlyInAnyOrderElementsOf(VMS.values());
    assertThat(libvirt.runningDomains()).containsExactlyInAnyOrderElementsOf(VMS.values());
    assertThat(libvirt.volumes().keySet()).containsExactlyInAnyOrderElementsOf(volumes);
    Set<String> networks = new TreeSet<>(foreignNetworks);
    networks.addAll(NETWORKS);
    assertThat(libvirt.networks()).containsExactlyInAnyOrderElementsOf(networks);
  }

  /**
   * The killed pass's intent is closed by the restarted daemon's pass with an outcome of the killed
   * pass saying how it was resolved, and no resource was created twice: an interrupted change that
   * was {@code complete} in libvirt is adopted ("found complete"), not made again; a domain defined
   * but not started is completed by an update.
   */
  private static void assertJournal(
      DaemonProcess daemon,
      String commit,
      String killedPass,
      String interrupted,
      boolean complete) {
    List<JsonNode> events = DaemonProcessIT.eventsAt(daemon, commit);
    assertThat(openIntents(daemon, commit)).as(events.toString()).isEmpty();
    List<JsonNode> resolutions =
        events.stream()
            .filter(e -> e.path("phase").asText().equals("OUTCOME"))
            .filter(e -> e.path("pass").asText().equals(killedPass))
            .filter(e -> e.path("resource").asText().equals(interrupted))
            .toList();
    assertThat(resolutions).as(events.toString()).hasSize(1);
    assertThat(resolutions.get(0).path("outcome").asText()).isEqualTo("OK");
    assertThat(resolutions.get(0).path("message").asText())
        .startsWith(
            "interrupted by a crash; " + (complete ? "found complete" : "completed (update)"));
    Map<String, Integer> created = new TreeMap<>();
    for (JsonNode e : events) {
      if (e.path("phase").asText().equals("OUTCOME")
          && e.path("action").asText().equals("CREATE")
          && e.path("outcome").asText().equals("OK")
          && !e.path("pass").asText().equals(killedPass)) {
        created.merge(e.path("resource").asText(), 1, Integer::sum);
      }
    }
    assertThat(created)
        .as(events.toString())
        .isNotEmpty()
        .allSatisfy((resource, count) -> assertThat(count).as(resource).isEqualTo(1));
    if (complete) {
      assertThat(created).as(events.toString()).doesNotContainKey(interrupted);
    }
  }

  /** Intents at {@code commit} with no outcome of the same pass and resource. */
  private static List<JsonNode> openIntents(DaemonProcess daemon, String commit) {
    List<JsonNode> events = DaemonProcessIT.eventsAt(daemon, commit);
    Set<String> finished = new TreeSet<>();
    events.stream()
        .filter(e -> e.path("phase").asText().equals("OUTCOME"))
        .forEach(e -> finished.add(key(e)));
    return events.stream()
        .filter(e -> e.path("phase").asText().equals("INTENT"))
        .filter(e -> !finished.contains(key(e)))
        .toList();
  }

  private static String key(JsonNode e) {
    return e.path("pass").asText() + " " + e.path("resource").asText();
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
}
