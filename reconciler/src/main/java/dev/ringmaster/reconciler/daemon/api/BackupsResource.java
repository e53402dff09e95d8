package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.reconciler.backup.BackupCatalog;
import dev.ringmaster.reconciler.daemon.api.TokenStore.Scope;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /v1/backups[?vm=]} (read scope): the complete backups in the backup pools of the fleet
 * at the commit in force, as {@code ringmaster backups --format json} prints them; pools that could
 * not be read are listed under {@code unreachable}. 503 before the first fetch.
 */
@Path("/v1")
@Singleton
public class BackupsResource {
  @Inject Daemon daemon;
  @Inject Guard guard;

  @GET
  @Path("/backups")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> backups(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @QueryParam("vm") String vm) {
    guard.require(auth, Scope.READ);
    Fleet fleet =
        daemon
            .fleet()
            .orElseThrow(() -> new ApiException(503, "no commit fetched yet: see /q/health/ready"));
    try (DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      return BackupCatalog.list(fleet, drivers::driver, vm == null || vm.isBlank() ? null : vm)
          .json(Instant.now());
    }
  }
}
