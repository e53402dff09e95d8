package dev.ringmaster.reconciler.gate;

import java.time.Duration;
import java.time.Instant;

/**
 * The mark of a service user removed from Git whose account is disabled but whose home is kept: the
 * VM it lives on (hypervisor and name), its environment, name, uid and when it was retired. Kept in
 * the state store's key-value area under {@code retired/<host>/<vm>/<user>}. Immutable.
 */
public record RetiredUser(
    String host, String vm, String environment, String user, int uid, Instant at) {
  public RetiredUser {
    if (host == null || vm == null || user == null || at == null) {
      throw new IllegalArgumentException("host, vm, user and at are required");
    }
    environment = environment == null ? "" : environment;
  }

  /** When its home may be removed for good. */
  public Instant deleteAfter(Duration grace) {
    return at.plus(grace);
  }

  /** {@code /srv/<user>}. */
  public String home() {
    return "/srv/" + user;
  }

  String key() {
    return host + "/" + vm + "/" + user;
  }
}
