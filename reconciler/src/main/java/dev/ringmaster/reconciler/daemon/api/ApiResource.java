package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.daemon.api.TokenStore.Scope;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.DriftView;
import dev.ringmaster.reconciler.daemon.loop.EnvironmentDetail;
import dev.ringmaster.reconciler.daemon.loop.EventPage;
import dev.ringmaster.reconciler.daemon.loop.RepoSnapshot;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON API under {@code /v1}: environments, plans, drift, manual passes and the journal. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {
  private static final int MAX_PAGE = 500;

  @Inject Daemon daemon;
  @Inject Guard guard;

  @GET
  @Path("/environments")
  public Map<String, Object> environments(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
    guard.require(auth, Scope.READ);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("commit", daemon.snapshot().map(RepoSnapshot::commit).orElse(null));
    body.put("environments", daemon.environments());
    return body;
  }

  @GET
  @Path("/environments/{name}")
  public EnvironmentDetail environment(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("name") String name) {
    guard.require(auth, Scope.READ);
    return daemon.detail(name).orElseThrow(() -> notFound(name));
  }

  @GET
  @Path("/environments/{name}/plan")
  public PlanView plan(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("name") String name) {
    guard.require(auth, Scope.READ);
    daemon.environment(name).orElseThrow(() -> notFound(name));
    return daemon.plan(name).map(p -> PlanView.of(name, p)).orElseThrow(ApiResource::noCommit);
  }

  @POST
  @Path("/environments/{name}/reconcile")
  public Response reconcile(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @PathParam("name") String name,
      @QueryParam("now") @DefaultValue("false") boolean now) {
    String who = guard.require(auth, Scope.WRITE);
    if (daemon.snapshot().isEmpty()) {
      throw noCommit();
    }
    if (!daemon.requestPass(name, now ? who : null)) {
      throw notFound(name);
    }
    return Response.accepted(Map.of("environment", name, "queued", true, "now", now, "by", who))
        .build();
  }

  @GET
  @Path("/drift")
  @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
  public Response drift(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @QueryParam("format") @DefaultValue("json") String format) {
    guard.require(auth, Scope.READ);
    DriftView drift = daemon.drift().orElseThrow(ApiResource::noCommit);
    return switch (format) {
      case "markdown" -> Response.ok(DriftMarkdown.render(drift), "text/markdown").build();
      case "json" -> Response.ok(drift, MediaType.APPLICATION_JSON).build();
      default -> throw new ApiException(400, "format must be json or markdown, not " + format);
    };
  }

  @GET
  @Path("/events")
  public EventPage events(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @QueryParam("before") @DefaultValue("0") long before,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    guard.require(auth, Scope.READ);
    if (limit < 1 || limit > MAX_PAGE) {
      throw new ApiException(400, "limit must be between 1 and " + MAX_PAGE);
    }
    return daemon.events(before <= 0 ? Long.MAX_VALUE : before, limit);
  }

  private static ApiException notFound(String name) {
    return new ApiException(404, "no environment named '" + name + "'");
  }

  private static ApiException noCommit() {
    return new ApiException(503, "no commit fetched yet: " + List.of("see /q/health/ready"));
  }
}
