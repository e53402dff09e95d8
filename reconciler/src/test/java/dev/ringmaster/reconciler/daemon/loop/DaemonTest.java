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

class DaemonTest {
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
}
