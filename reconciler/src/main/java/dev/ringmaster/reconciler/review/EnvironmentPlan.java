package dev.ringmaster.reconciler.review;

import dev.ringmaster.model.Maintenance;
import dev.ringmaster.reconciler.gate.MaintenanceSchedule;
import dev.ringmaster.reconciler.gate.MaintenanceWindow;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What a change does to one environment: its actionable changes (no-ops left out), each restart
 * change with its maintenance window, ordered most severe impact first and in plan order within one
 * impact, and the changes the planner refused to make. {@link #SHARED} names the part that belongs
 * to no environment (hypervisor networks). Immutable.
 */
public record EnvironmentPlan(String name, List<PlannedChange> changes, List<Refusal> refused) {
  /** The name of the part of a plan that belongs to no environment. */
  public static final String SHARED = "(shared)";

  private static final Comparator<PlannedChange> SEVERITY_FIRST =
      Comparator.comparing((PlannedChange p) -> p.change().impact()).reversed();

  public EnvironmentPlan {
    if (name == null) {
      throw new IllegalArgumentException("name is required");
    }
    changes = changes.stream().sorted(SEVERITY_FIRST).toList();
    refused = List.copyOf(refused);
  }

  /**
   * The environment's part of {@code plan}: its actionable changes and refusals, restart changes
   * scheduled into the first window of {@code maintenance} they can run in when known since {@code
   * knownSince}.
   */
  public static EnvironmentPlan of(
      String name, Plan plan, Maintenance maintenance, Instant knownSince) {
    MaintenanceSchedule schedule = new MaintenanceSchedule(maintenance);
    String own = SHARED.equals(name) ? "" : name;
    return new EnvironmentPlan(
        name,
        plan.actionable().stream()
            .filter(c -> c.environment().equals(own))
            .map(c -> new PlannedChange(c, windowFor(c, schedule, knownSince)))
            .toList(),
        plan.refused().stream().filter(r -> r.environment().equals(own)).toList());
  }

  private static MaintenanceWindow windowFor(
      Change change, MaintenanceSchedule schedule, Instant knownSince) {
    return change.impact() == Impact.RESTART ? schedule.scheduledFor(knownSince, knownSince) : null;
  }

  public PlanSummary summary() {
    return PlanSummary.of(changes.stream().map(PlannedChange::change).toList());
  }

  public List<PlannedChange> withImpact(Impact impact) {
    return changes.stream().filter(p -> p.change().impact() == impact).toList();
  }
}
