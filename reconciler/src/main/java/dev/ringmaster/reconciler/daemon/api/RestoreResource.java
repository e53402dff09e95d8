package dev.ringmaster.reconciler.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.backup.RestorePoint;
import dev.ringmaster.reconciler.daemon.api.TokenStore.Scope;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.RestoreFailed;
import dev.ringmaster.reconciler.daemon.loop.RestoreReport;
import dev.ringmaster.reconciler.daemon.loop.RestoreRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/vms/{vm}/restore} (write scope): {@code ringmaster restore} through the daemon
 * ({@code docs/daemon.md}). The fields {@code at}, {@code allowDestroy}, {@code force} and {@code
 * dryRun} come from a JSON body or, where the body does not give them, from query parameters.
 * Answers 200 restored or previewed, 202 held for the maintenance window (nothing changed), 400
 * malformed input, 404 unknown VM, 409 without consent, 422 refused for the VM, 500 failed
 * part-way.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("at", "allowDestroy", "force", "dryRun");

  @Inject Daemon daemon;
  @Inject Guard guard;

  @POST
  @Path("/vms/{vm}/restore")
  public Response restore(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @PathParam("vm") String vm,
      @QueryParam("at") String at,
      @QueryParam("allowDestroy") String allowDestroy,
      @QueryParam("force") String force,
      @QueryParam("dryRun") String dryRun,
      byte[] body) {
    String who = guard.require(auth, Scope.WRITE);
    JsonNode fields = body(body);
    RestoreRequest request =
        new RestoreRequest(
            vm,
            point(text(fields, "at", at)),
            flag(fields, "allowDestroy", allowDestroy),
            flag(fields, "force", force),
            flag(fields, "dryRun", dryRun),
            who);
    RestoreReport report;
    try {
      report = daemon.restore(request);
    } catch (RestoreFailed e) {
      return ApiErrors.json(500, e.getMessage());
    }
    return switch (report.outcome()) {
      case RESTORED, PREVIEWED -> Response.ok(report).build();
      case HELD -> Response.accepted(report).build();
      case NEEDS_CONSENT -> refusal(409, report);
      case REFUSED -> refusal(422, report);
    };
  }

  private static Response refusal(int status, RestoreReport report) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("status", status);
    answer.put("error", report.message() + "; nothing restored");
    if (report.planned() != null) {
      answer.put("planned", report.planned());
    }
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(answer).build();
  }

  private static JsonNode body(byte[] body) {
    if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw new ApiException(
          400,
          "the body is not JSON; send {\"at\": \"...\", \"allowDestroy\": true, \"force\": false,"
              + " \"dryRun\": false}");
    }
    if (!node.isObject()) {
      throw new ApiException(400, "the body must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new ApiException(
            400, "unknown field '" + name + "'; known: at, allowDestroy, force, dryRun");
      }
    }
    return node;
  }

  private static String text(JsonNode fields, String name, String query) {
    JsonNode v = fields.get(name);
    if (v == null || v.isNull()) {
      return query;
    }
    if (!v.isTextual()) {
      throw new ApiException(400, "field '" + name + "' must be a string");
    }
    return v.asText();
  }

  private static boolean flag(JsonNode fields, String name, String query) {
    JsonNode v = fields.get(name);
    if (v != null && !v.isNull()) {
      if (!v.isBoolean()) {
        throw new ApiException(400, "field '" + name + "' must be true or false");
      }
      return v.asBoolean();
    }
    if (query == null) {
      return false;
    }
    return switch (query) {
      case "", "true" -> true;
      case "false" -> false;
      default ->
          throw new ApiException(
              400, "query parameter '" + name + "' must be true or false, not '" + query + "'");
    };
  }

  private static RestorePoint point(String at) {
    if (at == null || at.isBlank()) {
      throw new ApiException(
          400,
          "'at' is required: an ISO-8601 instant (2026-01-02T03:00:00Z), a local time with its"
              + " zone (\"2026-01-02 04:00 Europe/Berlin\") or a backup id (20260102T030000Z)");
    }
    try {
      return RestorePoint.parse(at);
    } catch (RingmasterException e) {
      throw new ApiException(400, e.getMessage().replaceFirst("^--at ", "at "));
    }
  }
}
