package dev.ringmaster.reconciler.daemon.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The daemon's configuration ({@code ringmaster.*}), from application.properties, system properties
 * ({@code serve} options) and environment variables ({@code RINGMASTER_REPO_URL}, ...).
 */
@ConfigMapping(prefix = "ringmaster")
public interface DaemonConfig {
  Repo repo();

  State state();

  Webhook webhook();

  Api api();

  Reconcile reconcile();

  Delete delete();

  Monitoring monitoring();

  Hypervisors hypervisor();

  /** How Ringmaster reaches remote hypervisors (docs/hypervisors.md). */
  interface Hypervisors {
    /** Ringmaster's private key for SSH transports; absent: libssh's default keys. */
    Optional<Path> sshKey();

    /** How long reaching a hypervisor (TCP connect and SSH key exchange) may take. */
    @WithDefault("30s")
    Duration connectTimeout();
  }

  /** VM statistics for Prometheus (docs/monitoring.md). */
  interface Monitoring {
    /** How long one hypervisor's bulk statistics read is reused by {@code /v1/metrics/vms}. */
    @WithDefault("10s")
    Duration statsCache();
  }

  /** The fleet repository. */
  interface Repo {
    Optional<String> url();

    @WithDefault("main")
    String branch();

    @WithDefault("60s")
    Duration pollInterval();

    @WithDefault("60s")
    Duration fetchTimeout();

    Optional<Path> sshKey();

    Optional<Path> knownHosts();

    Optional<String> username();

    Optional<String> password();

    /** PEM file of CA certificates trusted for https:// remotes besides the system ones. */
    Optional<Path> caFile();
  }

  /** Where the Git mirror and the state store live. */
  interface State {
    @WithDefault("ringmaster-state")
    Path dir();
  }

  /** Push webhooks. */
  interface Webhook {
    Optional<String> secret();

    @WithDefault("1h")
    Duration replayWindow();
  }

  /** The HTTP API's bearer tokens. */
  interface Api {
    Optional<Path> tokenFile();

    @WithDefault("false")
    boolean readOpen();
  }

  /** Deletion safety: grace period of soft-deleted VMs and the deletion budget. */
  interface Delete {
    @WithDefault("P3D")
    Duration grace();

    @WithDefault("25")
    int budgetPercent();

    @WithDefault("5")
    int budgetVms();
  }

  /** The reconcile loop. */
  interface Reconcile {
    @WithDefault("10m")
    Duration resyncInterval();

    @WithDefault("4")
    int workers();

    @WithDefault("1")
    int perHypervisor();

    @WithDefault("5s")
    Duration backoffInitial();

    @WithDefault("5m")
    Duration backoffMax();

    @WithDefault("30s")
    Duration shutdownGrace();

    @WithDefault("false")
    boolean allowRestart();

    @WithDefault("false")
    boolean allowDestructive();
  }
}
