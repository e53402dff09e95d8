package dev.ringmaster.driver.spi;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The backups of one VM ({@code backup/<host>/<vm>}): its root disk {@code rootVolume} in {@code
 * rootPool} is backed up into the hypervisor's backup pool {@code pool} under {@code policy}
 * ({@code default}, {@code frequent} or {@code none}). The backups themselves are found in the pool
 * and decided by the schedule and retention at plan time; see {@code docs/backups.md}. Immutable.
 */
public record BackupResource(
    String host,
    String vm,
    String environment,
    String pool,
    String rootPool,
    String rootVolume,
    String policy)
    implements DesiredResource {
  /** The attribute keys a backup resource offers and compares. */
  public static final String POOL = "pool";

  public static final String ROOT = "root";
  public static final String POLICY = "policy";
  public static final String SCHEDULE = "schedule";
  public static final String BACKUPS = "backups";

  /** {@code schedule} of a VM whose backups are taken on time. */
  public static final String ON_TIME = "on time";

  /** {@code schedule} of a VM whose policy takes no backups. */
  public static final String NO_SCHEDULE = "none";

  public BackupResource {
    if (host == null || vm == null || pool == null || rootPool == null || rootVolume == null) {
      throw new IllegalArgumentException("host, vm, pool, rootPool and rootVolume are required");
    }
    environment = environment == null ? "" : environment;
    policy = policy == null ? "default" : policy;
  }

  @Override
  public ResourceId id() {
    return new ResourceId(ResourceKind.BACKUP, host, vm);
  }

  /** The schedule state this resource wants: on time, or none for the policy {@code none}. */
  public String wantedSchedule() {
    return policy.equals("none") ? NO_SCHEDULE : ON_TIME;
  }

  /**
   * {@code pool}, {@code root} ({@code <rootPool>/<rootVolume>}), {@code policy} and {@code
   * schedule}; the list of backups is added by planning.
   */
  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put(POOL, pool);
    a.put(ROOT, rootPool + "/" + rootVolume);
    a.put(POLICY, policy);
    a.put(SCHEDULE, wantedSchedule());
    return a;
  }
}
