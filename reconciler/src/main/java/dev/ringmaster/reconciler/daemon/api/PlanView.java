package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Plan;
import java.util.List;
import java.util.Map;

/** A plan as the API shows it: the actionable changes with before/after, refusals, unreachables. */
public record PlanView(
    String environment,
    String commit,
    boolean empty,
    List<ChangeView> changes,
    List<String> refused,
    Map<String, String> unreachable) {
  /** One change of a plan. */
  public record ChangeView(
      String resource,
      String environment,
      String action,
      String impact,
      Map<String, String> before,
      Map<String, String> after,
      String reason) {
    static ChangeView of(Change c) {
      return new ChangeView(
          c.resource().toString(),
          c.environment(),
          c.action().name(),
          c.impact().key(),
          c.before(),
          c.after(),
          c.reason());
    }
  }

  public static PlanView of(String environment, Plan plan) {
    return new PlanView(
        environment,
        plan.commit(),
        plan.isEmpty(),
        plan.actionable().stream().map(ChangeView::of).toList(),
        plan.refused().stream().map(Object::toString).toList(),
        plan.unreachable());
  }
}
