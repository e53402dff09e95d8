package dev.ringmaster.reconciler.ui;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.reconciler.daemon.api.ApiException;
import dev.ringmaster.reconciler.daemon.api.TokenStore;
import dev.ringmaster.reconciler.daemon.api.TokenStore.Decision;
import dev.ringmaster.reconciler.daemon.api.TokenStore.Scope;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.DriftView;
import dev.ringmaster.reconciler.daemon.loop.EnvironmentState;
import dev.ringmaster.reconciler.daemon.loop.EventPage;
import dev.ringmaster.reconciler.daemon.loop.RepoSnapshot;
import dev.ringmaster.reconciler.daemon.loop.RequestRefused;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.review.PullRequestPlan;
import dev.ringmaster.reconciler.review.PullRequestPlanner;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.SourceException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The read-only web dashboard under {@code /ui/}: server-rendered HTML over the daemon's own views
 * (the ones the JSON API serves). Reads need what the API's reads need: nothing when {@code
 * ringmaster.api.read-open}, else a read token, as a bearer header or through the sign-in form,
 * which exchanges it for an HttpOnly, SameSite=Strict session cookie (the token never appears in a
 * URL). Errors are pages, never stack traces.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {
  static final String COOKIE = "ringmaster_ui";
  private static final Logger LOG = Logger.getLogger(DashboardResource.class);
  private static final int JOURNAL_PAGE = 500;
  private static final int JOURNAL_PAGES = 20;
  private static final int JOURNAL_SHOWN = 50;
  private static final UiSessions SESSIONS = new UiSessions(Clock.systemUTC());

  @Inject Daemon daemon;
  @Inject TokenStore tokens;
  @Context UriInfo uri;

  @GET
  @Path("/")
  public Response fleet(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @CookieParam(COOKIE) String session,
      @QueryParam("group") @DefaultValue("") String group,
      @QueryParam("sort") @DefaultValue("name") String sort,
      @QueryParam("dir") @DefaultValue("asc") String dir,
      @QueryParam("refresh") @DefaultValue("0") int refresh) {
    int seconds = refresh <= 0 ? 0 : Math.max(5, Math.min(refresh, 3600));
    return serve(auth, session, () -> fleetPage(group, sort, "desc".equals(dir), seconds));
  }

  @GET
  @Path("/environments/{name}")
  public Response environment(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @CookieParam(COOKIE) String session,
      @PathParam("name") String name) {
    return serve(auth, session, () -> environmentPage(name));
  }

  @GET
  @Path("/drift")
  public Response drift(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @CookieParam(COOKIE) String session) {
    return serve(auth, session, this::driftPage);
  }

  @GET
  @Path("/plan")
  public Response plan(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @CookieParam(COOKIE) String session,
      @QueryParam("ref") String ref,
      @QueryParam("base") String base) {
    return serve(auth, session, () -> planPage(ref, base));
  }

  @GET
  @Path("/login")
  public Response loginForm(@QueryParam("next") String next) {
    return html(200, LoginPage.render(LoginPage.safeNext(next), null));
  }

  @POST
  @Path("/login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response login(@FormParam("token") String token, @FormParam("next") String next) {
    String target = LoginPage.safeNext(next);
    String t = token == null ? "" : token.strip();
    Decision d = tokens.authorize("Bearer " + t, Scope.READ);
    if (t.isEmpty() || d instanceof Decision.Denied) {
      String why = d instanceof Decision.Denied denied ? denied.message() : "no token given";
      return html(401, LoginPage.render(target, "Sign-in failed: " + why));
    }
    String id = SESSIONS.open(sha256(t));
    return Response.seeOther(URI.create(target)).cookie(cookie(id, -1)).build();
  }

  @POST
  @Path("/logout")
  public Response logout(@CookieParam(COOKIE) String session) {
    SESSIONS.close(session);
    return Response.seeOther(URI.create("/ui/login")).cookie(cookie("", 0)).build();
  }

  private NewCookie cookie(String value, int maxAge) {
    return new NewCookie.Builder(COOKIE)
        .value(value)
        .path("/ui")
        .httpOnly(true)
        .secure("https".equals(uri.getRequestUri().getScheme()))
        .sameSite(NewCookie.SameSite.STRICT)
        .maxAge(maxAge < 0 ? (int) UiSessions.LIFETIME.toSeconds() : maxAge)
        .build();
  }

  private Response serve(String auth, String session, Supplier<String> page) {
    Decision d =
        auth != null
            ? tokens.authorize(auth, Scope.READ)
            : tokens.authorizeDigest(SESSIONS.digest(session).orElse(null), Scope.READ);
    if (d instanceof Decision.Denied denied) {
      String message = session != null || auth != null ? denied.message() : null;
      return html(denied.status(), LoginPage.render(nextPath(), message));
    }
    try {
      return html(200, page.get());
    } catch (ApiException e) {
      return html(e.status(), ErrorPage.render(e.status(), e.getMessage()));
    } catch (RequestRefused e) {
      int status =
          switch (e.reason()) {
            case INVALID -> 422;
            case NOT_FOUND -> 404;
            case NOT_READY -> 503;
          };
      return html(status, ErrorPage.render(status, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.warnf("dashboard page %s failed: %s", uri.getPath(), e.toString());
      return html(500, ErrorPage.render(500, "internal error: " + message(e)));
    }
  }

  private String nextPath() {
    String q = uri.getRequestUri().getRawQuery();
    return uri.getRequestUri().getRawPath() + (q == null ? "" : "?" + q);
  }

  private static Response html(int status, String body) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self';"
                + " frame-ancestors 'none'")
        .entity(body)
        .build();
  }

  private static byte[] sha256(String token) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Fetch and hypervisor problems shown on every page, from readiness. */
  private List<String> problems() {
    return daemon.readinessProblems();
  }

  private Optional<String> waiting() {
    if (daemon.snapshot().isPresent()) {
      return Optional.empty();
    }
    Html h = Html.page("Loading", 5);
    h.h1("Waiting for the first fetch");
    Banner.problems(h, problems());
    h.box(
        "notice",
        "The daemon has not read the fleet repository yet. This page reloads every 5 seconds.");
    return Optional.of(h.end());
  }

  private String fleetPage(String group, String sort, boolean descending, int refresh) {
    Optional<String> loading = waiting();
    if (loading.isPresent()) {
      return loading.get();
    }
    Map<String, String> groups = groups();
    Map<String, Object> maintenance = daemon.maintenance(null);
    Map<String, Integer> held = FleetRow.heldCounts(maintenance);
    Set<String> budget = FleetRow.budgetHeld(maintenance);
    List<FleetRow> rows = new ArrayList<>();
    for (EnvironmentState s : daemon.environments()) {
      String g = groups.getOrDefault(s.name(), "");
      if (group.isEmpty() || group.equals(g)) {
        rows.add(new FleetRow(s, g, held.getOrDefault(s.name(), 0), budget.contains(s.name())));
      }
    }
    FleetRow.Sort order = FleetRow.Sort.of(sort);
    return FleetPage.render(
        new FleetPage.Model(
            daemon.snapshot().map(RepoSnapshot::commit).orElse(null),
            FleetRow.sorted(rows, order, descending),
            new TreeSet<>(groups.values()),
            group,
            order,
            descending,
            problems(),
            refresh));
  }

  private Map<String, String> groups() {
    Map<String, String> groups = new HashMap<>();
    daemon
        .fleet()
        .map(Fleet::environments)
        .orElse(List.of())
        .forEach(e -> groups.put(e.name(), e.resourceGroup()));
    return groups;
  }

  private String environmentPage(String name) {
    Optional<String> loading = waiting();
    if (loading.isPresent()) {
      return loading.get();
    }
    EnvironmentState status =
        daemon
            .environment(name)
            .orElseThrow(() -> new ApiException(404, "no environment named '" + name + "'"));
    Optional<Environment> env = daemon.fleet().flatMap(f -> f.environment(name));
    Plan plan = null;
    String planError = null;
    try {
      plan = daemon.plan(name).orElse(null);
    } catch (RuntimeException e) {
      planError = message(e);
    }
    Plan shown = plan;
    return EnvironmentPage.render(
        new EnvironmentPage.Model(
            status,
            env.map(Environment::resourceGroup).orElse(""),
            env.map(Environment::production).orElse(false),
            env.map(e -> VmRow.of(e, shown)).orElse(List.of()),
            plan,
            planError,
            daemon.maintenance(name),
            journal(name),
            problems()));
  }

  /** The environment's newest journal entries, looking through at most the newest 10,000. */
  private List<EventPage.Event> journal(String environment) {
    List<EventPage.Event> found = new ArrayList<>();
    long before = Long.MAX_VALUE;
    for (int page = 0; page < JOURNAL_PAGES && found.size() < JOURNAL_SHOWN; page++) {
      EventPage events = daemon.events(before, JOURNAL_PAGE);
      for (EventPage.Event e : events.events()) {
        if (environment.equals(e.environment()) && found.size() < JOURNAL_SHOWN) {
          found.add(e);
        }
      }
      if (events.next() <= 0) {
        break;
      }
      before = events.next();
    }
    return found;
  }

  private String driftPage() {
    Optional<String> loading = waiting();
    if (loading.isPresent()) {
      return loading.get();
    }
    DriftView drift = daemon.drift().orElseThrow();
    return DriftPage.render(drift, problems());
  }

  private String planPage(String ref, String base) {
    if (ref == null || ref.isBlank()) {
      return PlanPage.render(ref, base, null, null);
    }
    Optional<String> loading = waiting();
    if (loading.isPresent()) {
      return loading.get();
    }
    Optional<Reconciler> engine = daemon.engine();
    if (engine.isEmpty()) {
      return PlanPage.render(ref, base, null, "This daemon runs no reconcile engine.");
    }
    GitSource source = daemon.source();
    try {
      String head = resolve(source, ref);
      String from =
          base == null || base.isBlank()
              ? daemon.snapshot().orElseThrow().commit()
              : resolve(source, base);
      PullRequestPlan plan =
          source.read(repo -> PullRequestPlanner.planLive(repo, from, head, engine.get()));
      return PlanPage.render(ref, base, plan, null);
    } catch (ApiException e) {
      return PlanPage.render(ref, base, null, e.getMessage());
    } catch (SourceException e) {
      return PlanPage.render(ref, base, null, "Git fetch failed: " + e.getMessage());
    }
  }

  private static String resolve(GitSource source, String ref) {
    try {
      return source
          .resolveForPlan(ref)
          .orElseThrow(() -> new ApiException(404, "unknown ref '" + ref + "' at the remote"));
    } catch (SourceException e) {
      throw new ApiException(502, "Git fetch failed: " + e.getMessage());
    }
  }
}
