package dev.ringmaster.reconciler.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code GET /} sends browsers to the dashboard. */
@Path("/")
public class RootRedirect {
  @GET
  public Response root() {
    return Response.seeOther(URI.create("/ui/")).build();
  }
}
