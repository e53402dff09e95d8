package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.RequestRefused;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of the HTTP API as JSON {@code {"status": n, "error": "..."}}; never a stack trace.
 */
public class ApiErrors {
  private static final Logger LOG = Logger.getLogger(ApiErrors.class);

  static Response json(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("status", status, "error", message))
        .build();
  }

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return json(e.status(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response refused(RequestRefused e) {
    int status =
        switch (e.reason()) {
          case INVALID -> 422;
          case NOT_FOUND -> 404;
          case NOT_READY -> 503;
        };
    return json(status, e.getMessage());
  }

  @ServerExceptionMapper
  public Response ringmaster(RingmasterException e) {
    return json(422, e.getMessage());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return json(status, e.getMessage() == null ? "HTTP " + status : e.getMessage());
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.error("unexpected error in the HTTP API", e);
    return json(500, "internal error: " + Daemon.messageOf(e));
  }
}
