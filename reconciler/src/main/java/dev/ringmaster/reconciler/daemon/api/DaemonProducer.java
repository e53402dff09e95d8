package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.reconciler.daemon.loop.Backoff;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.DaemonSettings;
import dev.ringmaster.reconciler.daemon.loop.EngineWiring;
import dev.ringmaster.reconciler.daemon.loop.EnvironmentReconciler;
import dev.ringmaster.reconciler.daemon.loop.RingmasterMetrics;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.RepoSettings;
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
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The Quarkus wiring: builds the plain-Java daemon from configuration, starts and stops it. */
@ApplicationScoped
public class DaemonProducer {
  private static final Clock CLOCK = Clock.systemUTC();

  @Produces
  @Singleton
  RingmasterMetrics metrics(MeterRegistry registry) {
    return new RingmasterMetrics(registry);
  }

  @Produces
  @Singleton
  @DefaultBean
  EnvironmentReconciler reconciler(DaemonConfig config, RingmasterMetrics metrics) {
    Config all = ConfigProvider.getConfig();
    Map<String, String> nixos = new HashMap<>();
    for (String name : all.getPropertyNames()) {
      String key = nixosKey(name);
      if (key != null) {
        all.getOptionalValue(name, String.class).ifPresent(v -> nixos.putIfAbsent(key, v));
      }
    }
    DaemonConfig.Hypervisors h = config.hypervisor();
    HypervisorSettings hypervisors =
        new HypervisorSettings(h.sshKey().orElse(null), h.connectTimeout(), null);
    return EngineWiring.build(
        config.state().dir(), nixos, hypervisors, metrics, CLOCK, safety(config));
  }

  /**
   * {@code ringmaster.nixos.x-y} as itself, {@code RINGMASTER_NIXOS_X_Y} as {@code
   * ringmaster.nixos.x-y}.
   */
  static String nixosKey(String name) {
    if (name.startsWith(EngineWiring.NIXOS_PREFIX)) {
      return name;
    }
    String env = "RINGMASTER_NIXOS_";
    if (name.startsWith(env)) {
      return EngineWiring.NIXOS_PREFIX
          + name.substring(env.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
    return null;
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
            repo.fetchTimeout(),
            repo.caFile().orElse(null));
    GitSource source = GitSource.open(settings, CLOCK);
    return new Daemon(settings(config), source, reconciler, metrics, CLOCK);
  }

  static SafetySettings safety(DaemonConfig config) {
    DaemonConfig.Delete d = config.delete();
    return new SafetySettings(d.grace(), d.budgetPercent(), d.budgetVms());
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

  @Produces
  @Singleton
  WebhookDeliveries deliveries(DaemonConfig config) {
    return new WebhookDeliveries(
        config.webhook().replayWindow(), WebhookDeliveries.DEFAULT_MAX_ENTRIES, CLOCK);
  }

  void start(@Observes StartupEvent event, Daemon daemon) {
    daemon.start();
  }

  void stop(@Observes ShutdownEvent event, Daemon daemon) {
    daemon.close();
  }
}
