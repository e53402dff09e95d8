package dev.ringmaster.reconciler.backup;

import dev.ringmaster.model.Fleet;
import java.time.Duration;
import java.time.Instant;

/**
 * The backup series of {@code /v1/metrics/vms} in Prometheus text format: per VM whose policy takes
 * backups, the age of its newest backup in seconds ({@code NaN} when it has none), and per
 * hypervisor whether its backup pool could be read. Pure.
 */
public final class BackupMetricsText {
  public static final String NEWEST_AGE = "ringmaster_vm_backup_newest_age_seconds";
  public static final String POOL_UP = "ringmaster_backup_pool_up";

  private BackupMetricsText() {}

  public static String render(Fleet fleet, BackupCatalog.Listing listing, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP ")
        .append(NEWEST_AGE)
        .append(" Age of the VM's newest complete backup (NaN: none yet).\n");
    out.append("# TYPE ").append(NEWEST_AGE).append(" gauge\n");
    for (BackupCatalog.Newest n : listing.newest(fleet)) {
      out.append(NEWEST_AGE)
          .append("{environment=\"")
          .append(n.environment())
          .append("\",vm=\"")
          .append(n.vm())
          .append("\",policy=\"")
          .append(n.policy())
          .append("\"} ")
          .append(
              n.takenAt() == null
                  ? "NaN"
                  : Long.toString(Math.max(0, Duration.between(n.takenAt(), now).toSeconds())))
          .append('\n');
    }
    out.append("# HELP ")
        .append(POOL_UP)
        .append(" 1 when the hypervisor's backup pool was read.\n");
    out.append("# TYPE ").append(POOL_UP).append(" gauge\n");
    fleet.hypervisors().stream()
        .filter(h -> h.backupPool() != null)
        .forEach(
            h ->
                out.append(POOL_UP)
                    .append("{hypervisor=\"")
                    .append(h.name())
                    .append("\"} ")
                    .append(listing.unreachable().containsKey(h.name()) ? 0 : 1)
                    .append('\n'));
    return out.toString();
  }
}
