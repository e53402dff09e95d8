package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.RepoSettings;
import dev.ringmaster.reconciler.source.TestRemote;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class DaemonTest {
  @TempDir Path dir;
  TestRemote remote;
  RecordingReconciler reconciler = new RecordingReconciler();
  SimpleMeterRegistry registry = new SimpleMeterRegistry();
  Daemon daemon;

  @BeforeEach
  void setUp() {
    remote = TestRemote.create(dir);
    remote
        .write("hosts/kvm01.yaml", TestRemote.hypervisor("kvm01"))
        .write("environments/a.yaml", TestRemote.environment("a-prod", "a", "kvm01", "4GiB"))
        .write("environments/b.yaml", TestRemote.environment("b-prod", "b", "kvm01", "4GiB"));
    GitSource source =
        GitSource.open(
            RepoSettings.of(remote.url(), "main", dir.resolve("state/mirror.git")),
            Clock.systemUTC());
    DaemonSettings settings =
        new DaemonSettings(
            Duration.ofHours(1),
            Duration.ofHours(1),
            2,
            2,
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
            Duration.ofSeconds(10),
            false,
            false);
    daemon =
        new Daemon(
            settings, source, reconciler, new RingmasterMetrics(registry), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    daemon.close();
    remote.close();
  }

  @Test
  void theFirstCommitReconcilesEveryEnvironmentAndAPushOnlyTheOneItTouches() {
    String first = remote.commitAndPush("initial");
    daemon.start();
    Eventually.until(
        "both environments passed", () -> reconciler.environmentsPassedAt(first).size() == 2);
    assertThat(daemon.readinessProblems()).isEmpty();

    String second =
        remote
            .write("environments/b.yaml", TestRemote.environment("b-prod", "b", "kvm01", "8GiB"))
            .commitAndPush("grow b");
    daemon.triggerFetch();
    daemon.triggerFetch();
    daemon.triggerFetch();

    Eventually.until(
        "b passed at the new commit", () -> !reconciler.environmentsPassedAt(second).isEmpty());
    assertThat(reconciler.environmentsPassedAt(second)).containsExactly("b-prod");
    assertThat(daemon.environment("b-prod").orElseThrow().commit()).isEqualTo(second);
    assertThat(daemon.environment("a-prod").orElseThrow().commit()).isEqualTo(first);
    assertThat(
            registry.get(RingmasterMetrics.PASSES).tag("environment", "b-prod").counter().count())
        .isEqualTo(2.0);
    assertThat(
            registry.get(RingmasterMetrics.CHANGES_APPLIED).tag("impact", "live").counter().count())
        .isEqualTo(3.0);
  }

  @Test
  void theQueuedPassesOfAResyncMayShareAnObservationFromWhenTheResyncWasAskedFor() {
    String first = remote.commitAndPush("initial");
    daemon.start();
    Eventually.until(
        "both environments passed", () -> reconciler.environmentsPassedAt(first).size() == 2);
    reconciler.passMillis = 200; // passes take a while, so the later ones start well after the ask
    int before = reconciler.calls.size();

    long asked = System.nanoTime();
    daemon.resync();
    long askedEnd = System.nanoTime();
    Eventually.until("both passed again", () -> reconciler.calls.size() >= before + 2);

    for (RecordingReconciler.Call c : reconciler.calls.subList(before, before + 2)) {
      assertThat(c.freshAsOf())
          .as("%s: fresh as of the resync request, not of its own start", c.environment())
          .isBetween(asked, askedEnd);
    }

    long alone = System.nanoTime();
    daemon.requestPass("a-prod", null);
    Eventually.until("a-prod passed once more", () -> reconciler.calls.size() >= before + 3);
    assertThat(reconciler.calls.get(before + 2).freshAsOf())
        .as("a pass asked for later needs an observation from after that request")
        .isGreaterThanOrEqualTo(alone);
  }

  @Test
  void readinessNamesTheFailingFetchAndRecoversWhenTheRemoteIsBack() throws Exception {
    remote.commitAndPush("initial");
    Files.move(remote.bare(), dir.resolve("away.git"));
    daemon.start();

    Eventually.until("the fetch failed", () -> daemon.fetchStatus().failures() > 0);
    assertThat(daemon.readinessProblems())
        .anySatisfy(p -> assertThat(p).startsWith("git fetch failing since "));

    Files.move(dir.resolve("away.git"), remote.bare());
    Eventually.until(
        "fetch retried with backoff and succeeded", () -> daemon.readinessProblems().isEmpty());
    assertThat(daemon.fetchStatus().everSucceeded()).isTrue();
  }

  @Test
  void aFailedPassIsRetriedAndShownAsFailed() {
    reconciler.fail = true;
    String first = remote.commitAndPush("initial");
    daemon.start();

    Eventually.until(
        "a-prod retried",
        () ->
            reconciler.environmentsPassedAt(first).stream().filter("a-prod"::equals).count() >= 2);
    EnvironmentState a = daemon.environment("a-prod").orElseThrow();
    assertThat(a.result()).isEqualTo(PassResult.Result.FAILED);
    assertThat(a.message()).isEqualTo("hypervisor kvm01 unreachable");
    reconciler.fail = false;
    Eventually.until(
        "a-prod recovered",
        () -> daemon.environment("a-prod").orElseThrow().result() == PassResult.Result.APPLIED);
  }

  @Test
  void aManualPassIsQueuedOnlyForAKnownEnvironment() {
    String first = remote.commitAndPush("initial");
    daemon.start();
    Eventually.until("first passes", () -> reconciler.environmentsPassedAt(first).size() == 2);

    assertThat(daemon.requestPass("nope")).isFalse();
    assertThat(daemon.requestPass("a-prod")).isTrue();
    Eventually.until(
        "manual pass",
        () -> reconciler.calls.stream().anyMatch(c -> c.trigger() == PassOptions.Trigger.MANUAL));
  }

  public static final String BROKEN =
      "apiVersion: ringmaster/v1\nkind: Environment\nname: c-prod\nvms: [ { name: c00\n";

  /** A valid environment: its own VLANs and subnets, so that environments do not collide. */
  public static String valid(String name, String group, int n, String memory) {
    return "apiVersion: ringmaster/v1\nkind: Environment\nname: "
        + name
        + "\nresourceGroup: "
        + group
        + "\nlocation: whq\nnetworks:\n"
        + ("  fe: { vlan: %d, ipv4: 203.0.113.%d/26, ipv6: \"2001:db8:%d::/64\" }\n"
            .formatted(10 + 2 * n, 64 * n, 10 + 2 * n))
        + ("  srv: { vlan: %d, ipv4: 10.%d.0.0/24, ipv6: \"2001:db8:%d::/64\" }\n"
            .formatted(11 + 2 * n, 10 + n, 11 + 2 * n))
        + "vms:\n  - name: "
        + group
        + "00\n    host: kvm01\n    memory: "
        + memory
        + "\n    cores: 1\n    disk: 10GiB\n";
  }

  @Test
  void aCommitWithValidationErrorsIsRefusedAsAWholeAndAFixLeavesNothingOfIt() {
    reconciler.validates = true;
    String first =
        remote
            .write("environments/a.yaml", valid("a-prod", "a", 0, "4GiB"))
            .write("environments/b.yaml", valid("b-prod", "b", 1, "4GiB"))
            .commitAndPush("initial");
    daemon.start();
    Eventually.until("first passes", () -> reconciler.environmentsPassedAt(first).size() == 2);

    String broken =
        remote
            .write("environments/b.yaml", valid("b-prod", "b", 1, "8GiB"))
            .write("environments/c.yaml", BROKEN)
            .commitAndPush("grow b, add a broken c");
    daemon.triggerFetch();
    Eventually.until("the broken commit was refused", () -> daemon.refused().isPresent());

    RefusedCommit refused = daemon.refused().orElseThrow();
    assertThat(refused.commit()).isEqualTo(broken);
    assertThat(refused.inForce()).isEqualTo(first);
    assertThat(refused.errorCount()).isPositive();
    assertThat(refused.errors().get(0)).matches("environments/c\\.yaml:\\d+:\\d+: .+");
    assertThat(refused.summary()).contains(broken, first, "environments/c.yaml:");
    assertThat(daemon.snapshot().orElseThrow().commit()).isEqualTo(first);
    assertThat(daemon.readinessProblems()).isEmpty();
    assertThat(daemon.environments())
        .extracting(EnvironmentState::name)
        .containsExactly("a-prod", "b-prod");
    assertThat(reconciler.environmentsPassedAt(broken)).isEmpty();

    daemon.triggerFetch();
    daemon.resync();
    Eventually.until(
        "the commit in force keeps converging",
        () -> reconciler.environmentsPassedAt(first).size() >= 4);
    assertThat(reconciler.environmentsPassedAt(broken)).isEmpty();
    assertThat(daemon.refused()).isPresent();

    String fixed =
        remote.write("environments/c.yaml", valid("c-prod", "c", 2, "4GiB")).commitAndPush("fix c");
    daemon.triggerFetch();
    Eventually.until(
        "the fix is in force",
        () -> daemon.snapshot().orElseThrow().commit().equals(fixed) && daemon.refused().isEmpty());
    Eventually.until(
        "b and c passed at the fix", () -> reconciler.environmentsPassedAt(fixed).size() == 2);
    assertThat(reconciler.environmentsPassedAt(fixed))
        .containsExactlyInAnyOrder("b-prod", "c-prod");
    assertThat(daemon.environments())
        .extracting(EnvironmentState::name)
        .containsExactly("a-prod", "b-prod", "c-prod");
    assertThat(daemon.environments()).allMatch(EnvironmentState::declared);
    assertThat(daemon.readinessProblems()).isEmpty();
  }

  @Test
  void aRefusedFirstCommitKeepsReadinessDownAndNamesIt() {
    reconciler.validates = true;
    String broken =
        remote
            .write("environments/a.yaml", valid("a-prod", "a", 0, "4GiB"))
            .write("environments/b.yaml", valid("b-prod", "b", 1, "4GiB"))
            .write("environments/c.yaml", BROKEN)
            .commitAndPush("broken from the start");
    daemon.start();
    Eventually.until("the commit was refused", () -> daemon.refused().isPresent());

    assertThat(daemon.snapshot()).isEmpty();
    assertThat(daemon.readinessProblems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("commit " + broken + " refused", "no commit in force")
                    .contains("environments/c.yaml:"));
    assertThat(daemon.environments()).isEmpty();
    assertThat(reconciler.calls).isEmpty();
  }
}
