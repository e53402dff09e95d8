package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.dns.testing.BindServer;
import dev.ringmaster.reconciler.daemon.loop.*;
import dev.ringmaster.reconciler.daemon.loop.EnvironmentState;
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
import org.libvirt.Connect;

/**
 * The daemon with a DNS zone whose server is down at first: the VM is created all the same and only
 * its names wait (the pass fails with PartlyUnreachable and is retried with backoff); once a real
 * BIND 9 answers on the configured port, a retry names the VM and the environment converges.
 */
class DaemonDnsIT {
  @TempDir Path dir;

  @Test
  void aDnsServerThatIsDownHoldsBackOnlyTheNamesUntilItAnswers() throws Exception {
    int port = BindServer.freePort();
    Path named = Files.createDirectories(dir.resolve("named"));
    BindServer.generateKey(named);
    String zone =
        "apiVersion: ringmaster/v1\nkind: DnsZone\nname: example.test\n"
            + "server: { address: 127.0.0.1, port: "
            + port
            + " }\nreverseZones: [0.7.10.in-addr.arpa]\ntsig: { name: "
            + BindServer.KEY_NAME
            + ", secretFile: "
            + BindServer.keyFile(named)
            + " }\n";
    TestRemote remote = TestRemote.create(dir);
    String commit =
        remote
            .write("hosts/kvm01.yaml", DaemonProcessIT.host())
            .write("environments/kappa.yaml", DaemonProcessIT.environment("kappa", 7, 1))
            .write("dns/example.yaml", zone)
            .commitAndPush("fleet with a DNS zone");
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
    Connect libvirt = new Connect("test:///default");
    BindServer bind = null;
    try (Daemon daemon = new Daemon(settings, source, reconciler, metrics, Clock.systemUTC())) {
      daemon.start();
      Eventually.until(
          "the VM is created while DNS is down",
          () -> exists(libvirt, "kappa00") && failedOnDns(daemon));
      EnvironmentState held = daemon.environment("kappa-staging").orElseThrow();
      assertThat(held.message())
          .startsWith(
              "changes held back, the rest applied: dns/0.7.10.in-addr.arpa: DNS server 127.0.0.1:")
          .contains("unreachable");

      bind =
          BindServer.start(named, port, List.of("example.test", "0.7.10.in-addr.arpa"), List.of());
      Eventually.until(
          "converged once DNS answers",
          () ->
              daemon
                  .environment("kappa-staging")
                  .map(e -> commit.equals(e.commit()) && e.result() == PassResult.Result.APPLIED)
                  .orElse(false));
      assertThat(bind.query("kappa00.srv.example.test", "A")).containsExactly("10.7.0.10");
      assertThat(bind.query("10.0.7.10.in-addr.arpa", "PTR"))
          .containsExactly("kappa00.srv.example.test.");

      // What the API serves (environments, detail, plan, drift, journal events, readiness) holds
      // the zone's names but never the TSIG secret.
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .findAndRegisterModules()
              .configure(
                  com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
      String api =
          json.writeValueAsString(
              java.util.Arrays.asList(
                  daemon.environments(),
                  daemon.detail("kappa-staging").orElseThrow(),
                  daemon.plan("kappa-staging").map(Object::toString).orElse(""),
                  daemon.drift().map(Object::toString).orElse(""),
                  daemon.events(Long.MAX_VALUE, 500),
                  daemon.readinessProblems()));
      assertThat(api).contains("kappa-staging").doesNotContain(bind.secret());
      assertThat(daemon.events(Long.MAX_VALUE, 500).toString())
          .contains("dns/example.test/kappa00")
          .doesNotContain(bind.secret());
    } finally {
      libvirt.close();
      if (bind != null) {
        bind.close();
      }
      store.close();
      drivers.close();
    }
  }

  private static boolean failedOnDns(Daemon daemon) {
    return daemon
        .environment("kappa-staging")
        .map(
            e ->
                e.result() == PassResult.Result.FAILED
                    && e.message().startsWith("changes held back, the rest applied"))
        .orElse(false);
  }

  private static boolean exists(Connect libvirt, String name) {
    try {
      return libvirt.domainLookupByName(name) != null;
    } catch (Exception e) {
      return false;
    }
  }
}
