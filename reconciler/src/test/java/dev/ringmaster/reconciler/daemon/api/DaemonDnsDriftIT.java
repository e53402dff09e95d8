package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.dns.testing.BindServer;
import dev.ringmaster.reconciler.daemon.loop.Backoff;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.DaemonSettings;
import dev.ringmaster.reconciler.daemon.loop.EngineReconciler;
import dev.ringmaster.reconciler.daemon.loop.Eventually;
import dev.ringmaster.reconciler.daemon.loop.PassResult;
import dev.ringmaster.reconciler.daemon.loop.RingmasterMetrics;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.RepoSettings;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.state.StateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon and a DNS record changed by hand with {@code nsupdate} on a real BIND 9, in an
 * environment with {@code driftPolicy: report}: a resync reports the name as drift and leaves the
 * hand change in place.
 */
class DaemonDnsDriftIT {
  @TempDir Path dir;

  @Test
  void aHandChangedRecordIsReportedNotRevertedUnderDriftPolicyReport() throws Exception {
    Path named = Files.createDirectories(dir.resolve("named"));
    try (BindServer bind =
        BindServer.start(named, List.of("example.test", "0.7.10.in-addr.arpa"), List.of())) {
      String zone =
          "apiVersion: ringmaster/v1\nkind: DnsZone\nname: example.test\n"
              + "server: { address: 127.0.0.1, port: "
              + bind.port()
              + " }\nreverseZones: [0.7.10.in-addr.arpa]\ntsig: { name: "
              + BindServer.KEY_NAME
              + ", secretFile: "
              + bind.keyFile()
              + " }\n";
      TestRemote remote = TestRemote.create(dir);
      remote
          .write("hosts/kvm01.yaml", DaemonProcessIT.host())
          .write(
              "environments/kappa.yaml",
              DaemonProcessIT.environment("kappa", 7, 1) + "driftPolicy: report\n")
          .write("dns/example.yaml", zone)
          .commitAndPush("fleet with a DNS zone, drift reported");
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
              new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
              new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
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
            "converged with its names",
            () ->
                daemon
                    .environment("kappa-staging")
                    .map(e -> e.result() == PassResult.Result.APPLIED)
                    .orElse(false));
        assertThat(bind.query("kappa00.srv.example.test", "A")).containsExactly("10.7.0.10");

        bind.nsupdate(
            "example.test",
            List.of(
                "update delete kappa00.srv.example.test A",
                "update add kappa00.srv.example.test 300 A 10.7.0.99"));
        daemon.resync();
        Eventually.until(
            "the hand change reported as drift",
            () ->
                daemon
                    .environment("kappa-staging")
                    .map(
                        e ->
                            e.result() == PassResult.Result.PENDING
                                && e.message().contains("driftPolicy is report")
                                && e.drifted() > 0)
                    .orElse(false));
        assertThat(daemon.drift().orElseThrow().toString())
            .contains("dns/example.test/kappa00.srv");
        assertThat(bind.query("kappa00.srv.example.test", "A")).containsExactly("10.7.0.99");
      } finally {
        store.close();
        drivers.close();
      }
    }
  }
}
