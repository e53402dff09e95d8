package dev.ringmaster.model.hostconfig;

import java.time.Instant;

/**
 * A service user removed from Git whose account is kept disabled while its grace period runs: the
 * uid stays reserved and the home {@code /srv/<name>} stays on disk, owned by it, until {@code
 * deleteAfter}; after that Ringmaster removes the home for good (only with {@code
 * --allow-destroy}). Rendered in the host config's optional {@code retiredServiceUsers} member.
 * Immutable.
 */
public record HostRetiredServiceUser(
    String name, int uid, String home, String group, Instant deleteAfter) {
  public HostRetiredServiceUser {
    Checks.required(name, "name");
    Checks.required(home, "home");
    Checks.required(group, "group");
    Checks.required(deleteAfter, "deleteAfter");
  }

  /** The retired form of {@code name}: home {@code /srv/<name>}, group {@code service}. */
  public static HostRetiredServiceUser of(String name, int uid, Instant deleteAfter) {
    return new HostRetiredServiceUser(
        name, uid, "/srv/" + name, HostServiceUser.GROUP, deleteAfter);
  }
}
