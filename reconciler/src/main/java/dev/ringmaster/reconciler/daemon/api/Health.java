package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.daemon.loop.Daemon;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Liveness (the process answers) and readiness (a commit is in force and nothing is failing). */
public class Health {
  /** {@code /q/health/ready}: DOWN until the first fetch succeeded, naming what is wrong. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Inject Daemon daemon;

    @Override
    public HealthCheckResponse call() {
      List<String> problems = daemon.readinessProblems();
      HealthCheckResponseBuilder b =
          HealthCheckResponse.named("ringmaster").status(problems.isEmpty());
      daemon.snapshot().ifPresent(s -> b.withData("commit", s.commit()));
      b.withData("queueDepth", daemon.queueDepth());
      for (int i = 0; i < problems.size(); i++) {
        b.withData("problem" + (i + 1), problems.get(i));
      }
      return b.build();
    }
  }

  /** {@code /q/health/live}: UP while the process runs. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.up("ringmaster");
    }
  }
}
