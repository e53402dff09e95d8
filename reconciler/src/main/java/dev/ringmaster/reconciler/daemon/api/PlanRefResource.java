package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.cli.PlanPullRequestCommand;
import dev.ringmaster.reconciler.daemon.api.TokenStore.Scope;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.RepoSnapshot;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.review.PullRequestPlan;
import dev.ringmaster.reconciler.review.PullRequestPlanner;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.SourceException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * {@code GET /v1/plan?ref=REF[&base=REF2][&format=json|markdown|text]} (read scope): the pull
 * request plan of any ref the remote serves, against the live state. Fetches {@code ref} (and
 * {@code base}) into the mirror under {@code refs/ringmaster/plan/} when missing, never moving the
 * watched branch; plans the environments that differ between the commit in force (or {@code base})
 * and {@code ref}; applies nothing. 200 with the plan whenever one could be made, an invalid head
 * included ({@code "valid": false}, exit code 1 in the body and in {@code X-Ringmaster-Exit-Code});
 * 400 without {@code ref} or with an unknown format; 404 for a ref the remote does not serve; 502
 * when the remote cannot be reached; 503 before the first fetch or without a real engine.
 */
@Path("/v1/plan")
public class PlanRefResource {
  /** The header that carries the CLI's exit status: 0 nothing to do, 2 changes, 1 invalid. */
  public static final String EXIT_CODE = "X-Ringmaster-Exit-Code";

  @Inject Daemon daemon;
  @Inject Guard guard;

  @GET
  @Produces({MediaType.APPLICATION_JSON, "text/markdown", MediaType.TEXT_PLAIN})
  public Response plan(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @QueryParam("ref") String ref,
      @QueryParam("base") String base,
      @QueryParam("format") @DefaultValue("json") String format) {
    guard.require(auth, Scope.READ);
    PlanPullRequestCommand.Format rendering = format(format);
    if (ref == null || ref.isBlank()) {
      throw new ApiException(400, "ref is required: GET /v1/plan?ref=BRANCH|TAG|SHA");
    }
    RepoSnapshot inForce =
        daemon
            .snapshot()
            .orElseThrow(() -> new ApiException(503, "no commit fetched yet; see /q/health/ready"));
    Reconciler engine =
        daemon
            .engine()
            .orElseThrow(() -> new ApiException(503, "this daemon runs no reconcile engine"));
    GitSource source = daemon.source();
    String head = resolve(source, ref);
    String from = base == null || base.isBlank() ? inForce.commit() : resolve(source, base);
    PullRequestPlan plan =
        source.read(repo -> PullRequestPlanner.planLive(repo, from, head, engine));
    return Response.ok(PlanPullRequestCommand.render(plan, rendering), mediaType(rendering))
        .header(EXIT_CODE, plan.exitCode())
        .build();
  }

  private static String resolve(GitSource source, String ref) {
    try {
      return source
          .resolveForPlan(ref)
          .orElseThrow(() -> new ApiException(404, "unknown ref '" + ref + "' at the remote"));
    } catch (SourceException e) {
      throw new ApiException(502, e.getMessage());
    }
  }

  private static PlanPullRequestCommand.Format format(String format) {
    try {
      return PlanPullRequestCommand.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "format must be json, markdown or text, not " + format);
    }
  }

  private static String mediaType(PlanPullRequestCommand.Format format) {
    return switch (format) {
      case JSON -> MediaType.APPLICATION_JSON;
      case MARKDOWN -> "text/markdown";
      case TEXT -> MediaType.TEXT_PLAIN;
    };
  }
}
