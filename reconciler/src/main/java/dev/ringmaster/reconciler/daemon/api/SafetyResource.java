package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.daemon.api.TokenStore.Scope;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.MassDeletionApproved;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Deletion safety in the JSON API: {@code POST /v1/approvals/mass-delete} (write scope) approves a
 * mass deletion naming its commit; {@code GET /v1/maintenance} (read scope) lists what is scheduled
 * fleet-wide from the environments' last passes.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SafetyResource {
  /** The body of a mass-deletion approval; {@code environment} null means every environment. */
  public record ApprovalRequest(String commit, String environment) {}

  @Inject Daemon daemon;
  @Inject Guard guard;

  @POST
  @Path("/approvals/mass-delete")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response approveMassDelete(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, ApprovalRequest request) {
    String who = guard.require(auth, Scope.WRITE);
    if (request == null || request.commit() == null) {
      throw new ApiException(
          422, "body must be {\"commit\": \"<full sha>\", \"environment\": ...}");
    }
    MassDeletionApproved approved =
        daemon.approveMassDelete(request.commit(), request.environment(), who);
    return Response.accepted(approved).build();
  }

  @GET
  @Path("/maintenance")
  public Map<String, Object> maintenance(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @QueryParam("environment") String environment) {
    guard.require(auth, Scope.READ);
    return daemon.maintenance(environment);
  }
}
