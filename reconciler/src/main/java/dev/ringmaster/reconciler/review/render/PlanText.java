package dev.ringmaster.reconciler.review.render;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.review.AttributeChange;
import dev.ringmaster.reconciler.review.EnvironmentPlan;
import dev.ringmaster.reconciler.review.PlanSummary;
import dev.ringmaster.reconciler.review.PlannedChange;
import dev.ringmaster.reconciler.review.PullRequestPlan;

/**
 * Renders a {@link PullRequestPlan} for a terminal: one summary line per environment, then one line
 * per change, the most severe first, with {@code !} marking destructive changes and the window of
 * restart changes. Pure and thread-safe.
 */
public final class PlanText {
  private PlanText() {}

  public static String render(PullRequestPlan plan) {
    StringBuilder t = new StringBuilder();
    t.append("plan ").append(plan.base()).append(" -> ").append(plan.head());
    t.append(plan.live() ? " (against the live state)\n" : "\n");
    plan.errors().forEach(d -> t.append("error: ").append(d).append('\n'));
    if (plan.valid() && plan.environments().isEmpty()) {
      t.append("no environment is touched\n");
    }
    plan.unreachable()
        .forEach((env, why) -> t.append(env).append(": not planned: ").append(why).append('\n'));
    for (EnvironmentPlan env : plan.environments()) {
      PlanSummary s = env.summary();
      t.append(env.name())
          .append(": ")
          .append(s.text())
          .append(" (live ")
          .append(s.live())
          .append(", restart ")
          .append(s.restart())
          .append(", destructive ")
          .append(s.destructive())
          .append(")\n");
      env.refused().forEach(r -> t.append("  refused ").append(refusal(r)).append('\n'));
      env.changes().forEach(c -> t.append(change(c)).append('\n'));
    }
    for (Diagnostic w : plan.warnings()) {
      t.append(w).append('\n');
    }
    return t.toString();
  }

  private static String refusal(Refusal r) {
    return r.resource() + ": " + r.reason();
  }

  private static String change(PlannedChange p) {
    var c = p.change();
    StringBuilder line = new StringBuilder();
    line.append(
        switch (c.impact()) {
          case DESTRUCTIVE -> "! ";
          case RESTART -> "~ ";
          case LIVE -> "  ";
        });
    line.append(c.action().name().toLowerCase(java.util.Locale.ROOT)).append(' ');
    line.append(c.resource()).append(" [").append(c.impact().key()).append(']');
    for (AttributeChange a : p.attributes()) {
      if (a.before() != null && a.after() != null) {
        line.append(' ').append(a.name()).append(' ').append(a.before()).append("->");
        line.append(a.after());
      }
    }
    if (p.window() != null) {
      line.append(" window ").append(p.window().render());
    }
    if (!p.note().isEmpty()) {
      line.append(" (").append(p.note()).append(')');
    }
    if (!p.staging().isEmpty()) {
      line.append(" [staged: ").append(p.staging()).append(']');
    }
    return line.toString();
  }
}
