package dev.ringmaster.reconciler.daemon;

import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.RepoSettings;
import dev.ringmaster.reconciler.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** The Quarkus wiring: builds the plain-Java daemon from configuration, starts and stops it. */
@ApplicationScoped
public class DaemonProducer {

  @Produces
  @Singleton
  RingmasterMetrics metrics(MeterRegistry registry) {
    return new RingmasterMetrics(registry);
  }

  @Produces
  @Singleton
  @DefaultBean
  EnvironmentReconciler reconciler(DaemonConfig config, RingmasterMetrics metrics) {
    StateStore store = StateStore.open(config.state().dir().resolve("store"));
    DriverRegistry drivers = DriverRegistry.fromServiceLoader();
    return new EngineReconciler(
        new Reconciler(drivers, store, ReconcilerConfig.defaults()), store, drivers, metrics);
  }

  @Produces
  @Singleton
  Daemon daemon(DaemonConfig config, EnvironmentReconciler reconciler, RingmasterMetrics metrics) {
    DaemonConfig.Repo repo = config.repo();
    RepoSettings settings =
        new RepoSettings(
            repo.url().orElse(null),
            repo.branch(),
            config.state().dir().resolve("git-mirror.git"),
            repo.sshKey().orElse(null),
            repo.knownHosts().orElse(null),
            repo.username().orElse(null),
            repo.password().orElse(null),
            repo.fetchTimeout());
    GitSource source = GitSource.open(settings, Clock.systemUTC());
    return new Daemon(settings(config), source, reconciler, metrics, Clock.systemUTC());
  }

  static DaemonSettings settings(DaemonConfig config) {
    DaemonConfig.Reconcile r = config.reconcile();
    Duration poll = config.repo().pollInterval();
    return new DaemonSettings(
        poll,
        r.resyncInterval(),
        r.workers(),
        r.perHypervisor(),
        new Backoff(r.backoffInitial(), r.backoffMax()),
        new Backoff(
            Duration.ofSeconds(1),
            poll.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : poll),
        r.shutdownGrace(),
        r.allowRestart(),
        r.allowDestructive());
  }

  @Produces
  @Singleton
  TokenStore tokens(DaemonConfig config) {
    return new TokenStore(config.api().tokenFile().orElse(null), config.api().readOpen());
  }

  @Produces
  @Singleton
  WebhookVerifier webhooks(DaemonConfig config) {
    return new WebhookVerifier(config.webhook().secret().orElse(null), config.repo().branch());
  }

  void start(@Observes StartupEvent event, Daemon daemon) {
    daemon.start();
  }

  void stop(@Observes ShutdownEvent event, Daemon daemon) {
    daemon.close();
  }
}
