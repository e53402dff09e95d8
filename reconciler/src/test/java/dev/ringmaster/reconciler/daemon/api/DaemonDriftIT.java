package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.daemon.loop.*;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.RepoSettings;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.state.StateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * Drift made by hand through libvirt ({@code test:///default} shares its state between the
 * connections of one process): a resync reverts it under {@code driftPolicy: revert} and only
 * reports it under {@code report}. The daemon core runs in-process with the real engine.
 */
class DaemonDriftIT {
  @TempDir Path dir;

  @Test
  void driftIsRevertedUnderRevertAndOnlyReportedUnderReport() throws Exception {
    TestRemote remote = TestRemote.create(dir);
    String commit =
        remote
            .write("hosts/kvm01.yaml", DaemonProcessIT.host())
            .write("environments/gamma.yaml", DaemonProcessIT.environment("gamma", 6, 1))
            .write(
                "environments/delta.yaml",
                DaemonProcessIT.environment("delta", 8, 1)
                    .replace("location: whq\n", "location: whq\ndriftPolicy: report\n"))
            .commitAndPush("fleet");
    StateStore store = StateStore.open(dir.resolve("state/store"));
    DriverRegistry drivers = DriverRegistry.fromServiceLoader();
    RingmasterMetrics metrics = new RingmasterMetrics(new SimpleMeterRegistry());
    EngineReconciler reconciler =
        new EngineReconciler(
            new Reconciler(drivers, store, ReconcilerConfig.defaults()), store, drivers, metrics);
    DaemonSettings settings =
        new DaemonSettings(
            Duration.ofHours(1),
            Duration.ofHours(1),
            2,
            1,
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
            Duration.ofSeconds(60),
            false,
            false);
    GitSource source =
        GitSource.open(
            RepoSettings.of(remote.url(), "main", dir.resolve("state/git-mirror.git")),
            Clock.systemUTC());
    try (Daemon daemon = new Daemon(settings, source, reconciler, metrics, Clock.systemUTC())) {
      daemon.start();
      Eventually.until(
          "both converged",
          () ->
              applied(daemon, "gamma-staging", commit) && applied(daemon, "delta-staging", commit));

      Connect libvirt = new Connect("test:///default");
      removeByHand(libvirt, "gamma00");
      removeByHand(libvirt, "delta00");
      Instant before = Instant.now();
      daemon.resync();

      Eventually.until(
          "both passed again",
          () ->
              passedSince(daemon, "gamma-staging", before)
                  && passedSince(daemon, "delta-staging", before));
      assertThat(daemon.environment("gamma-staging").orElseThrow().result())
          .isEqualTo(PassResult.Result.APPLIED);
      assertThat(defined(libvirt, "gamma00")).isTrue();
      EnvironmentState delta = daemon.environment("delta-staging").orElseThrow();
      assertThat(delta.result()).isEqualTo(PassResult.Result.PENDING);
      assertThat(delta.drifted()).isPositive();
      assertThat(delta.message()).contains("driftPolicy is report");
      assertThat(defined(libvirt, "delta00")).isFalse();
      assertThat(daemon.drift().orElseThrow().entries())
          .anySatisfy(e -> assertThat(e.resource()).contains("delta00"))
          .noneSatisfy(e -> assertThat(e.resource()).contains("gamma00"));
      libvirt.close();
    }
  }

  private static boolean applied(Daemon daemon, String env, String commit) {
    return daemon
        .environment(env)
        .map(e -> commit.equals(e.commit()) && e.result() == PassResult.Result.APPLIED)
        .orElse(false);
  }

  private static boolean passedSince(Daemon daemon, String env, Instant since) {
    return daemon
        .environment(env)
        .map(e -> e.lastPass() != null && e.lastPass().isAfter(since))
        .orElse(false);
  }

  private static void removeByHand(Connect libvirt, String name) throws Exception {
    Domain d = libvirt.domainLookupByName(name);
    if (d.isActive() == 1) {
      d.destroy();
    }
    d.undefine();
  }

  private static boolean defined(Connect libvirt, String name) throws Exception {
    return Arrays.asList(libvirt.listDefinedDomains()).contains(name)
        || Arrays.stream(libvirt.listDomains())
            .anyMatch(
                id -> {
                  try {
                    return libvirt.domainLookupByID(id).getName().equals(name);
                  } catch (Exception e) {
                    return false;
                  }
                });
  }
}
