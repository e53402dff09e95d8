package dev.ringmaster.model.hostconfig;

/**
 * A VM's backup schedule and how many backups of each period are kept ({@code hourly} is 0 when the
 * schedule takes none). {@code schedule} is the name written in the environment ({@code default},
 * {@code frequent}). Immutable.
 */
public record HostBackup(String schedule, int hourly, int daily, int weekly, int monthly) {
  public HostBackup {
    Checks.required(schedule, "schedule");
  }
}
