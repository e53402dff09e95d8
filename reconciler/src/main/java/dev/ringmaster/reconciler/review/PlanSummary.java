package dev.ringmaster.reconciler.review;

import dev.ringmaster.reconciler.plan.Change;
import java.util.Collection;

/**
 * Counts of planned changes by action and by impact. {@link #text()} is the compact form reviewers
 * scan: {@code +2 ~1 -0}. Immutable.
 */
public record PlanSummary(
    int create, int update, int delete, int live, int restart, int destructive) {

  /** Counts the actionable changes; {@code NO_OP} changes are not counted. */
  public static PlanSummary of(Collection<Change> changes) {
    PlanSummary sum = new PlanSummary(0, 0, 0, 0, 0, 0);
    for (Change c : changes) {
      sum = sum.plus(of(c));
    }
    return sum;
  }

  private static PlanSummary of(Change c) {
    int[] a = new int[3];
    switch (c.action()) {
      case CREATE -> a[0] = 1;
      case UPDATE -> a[1] = 1;
      case DELETE -> a[2] = 1;
      case NO_OP -> {
        return new PlanSummary(0, 0, 0, 0, 0, 0);
      }
    }
    return switch (c.impact()) {
      case LIVE -> new PlanSummary(a[0], a[1], a[2], 1, 0, 0);
      case RESTART -> new PlanSummary(a[0], a[1], a[2], 0, 1, 0);
      case DESTRUCTIVE -> new PlanSummary(a[0], a[1], a[2], 0, 0, 1);
    };
  }

  public PlanSummary plus(PlanSummary o) {
    return new PlanSummary(
        create + o.create,
        update + o.update,
        delete + o.delete,
        live + o.live,
        restart + o.restart,
        destructive + o.destructive);
  }

  public int total() {
    return create + update + delete;
  }

  /** {@code +2 ~1 -0}: created, updated, deleted. */
  public String text() {
    return "+" + create + " ~" + update + " -" + delete;
  }
}
