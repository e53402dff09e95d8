package dev.ringmaster.reconciler.monitoring;

import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.backup.BackupCatalog;
import dev.ringmaster.reconciler.backup.BackupMetricsText;
import dev.ringmaster.reconciler.daemon.api.ApiException;
import dev.ringmaster.reconciler.daemon.api.DaemonConfig;
import dev.ringmaster.reconciler.daemon.api.Guard;
import dev.ringmaster.reconciler.daemon.api.TokenStore.Scope;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * VM monitoring for Prometheus (read scope, like every read of the API): {@code GET
 * /v1/sd/prometheus} lists every VM's node-exporter target for {@code http_sd_configs}; {@code GET
 * /v1/metrics/vms} serves per-VM statistics from libvirt's bulk call, one call per hypervisor per
 * {@code ringmaster.monitoring.stats-cache} period at most. Both read the fleet at the commit in
 * force; 503 before the first fetch.
 */
@Path("/v1")
@Singleton
public class MonitoringResource {
  @Inject Daemon daemon;
  @Inject Guard guard;

  @Inject DaemonConfig config;

  private volatile VmStatsCache cache;
  private final Object backupLock = new Object();
  private BackupCatalog.Listing backups;
  private Instant backupsAt;
  private Fleet backupsFleet;

  @GET
  @Path("/sd/prometheus")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> serviceDiscovery(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
    guard.require(auth, Scope.READ);
    return PrometheusTargets.of(fleet());
  }

  @GET
  @Path("/metrics/vms")
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public String vmMetrics(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
    guard.require(auth, Scope.READ);
    Fleet fleet = fleet();
    Map<String, String> environments = new HashMap<>();
    for (Environment env : fleet.environments()) {
      for (VmSpec vm : env.vms()) {
        environments.put(vm.name(), env.name());
      }
    }
    return VmMetricsText.render(cache().read(fleet.hypervisors()), environments)
        + backupMetrics(fleet);
  }

  /** The backup series, from one listing of the backup pools per stats-cache period at most. */
  private String backupMetrics(Fleet fleet) {
    Instant now = Instant.now();
    synchronized (backupLock) {
      if (backups == null
          || backupsFleet != fleet
          || Duration.between(backupsAt, now).compareTo(config.monitoring().statsCache()) >= 0) {
        try (DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
          backups = BackupCatalog.list(fleet, drivers::driver, null);
        }
        backupsAt = now;
        backupsFleet = fleet;
      }
      return BackupMetricsText.render(fleet, backups, now);
    }
  }

  private Fleet fleet() {
    return daemon
        .fleet()
        .orElseThrow(() -> new ApiException(503, "no commit fetched yet: see /q/health/ready"));
  }

  private VmStatsCache cache() {
    VmStatsCache c = cache;
    if (c == null) {
      synchronized (this) {
        if (cache == null) {
          DaemonConfig.Hypervisors h = config.hypervisor();
          cache =
              new VmStatsCache(
                  config.monitoring().statsCache(),
                  Clock.systemUTC(),
                  new HypervisorSettings(h.sshKey().orElse(null), h.connectTimeout(), null));
        }
        c = cache;
      }
    }
    return c;
  }

  @PreDestroy
  void close() {
    if (cache != null) {
      cache.close();
    }
  }
}
