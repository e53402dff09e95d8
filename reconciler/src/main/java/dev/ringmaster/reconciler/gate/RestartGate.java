package dev.ringmaster.reconciler.gate;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Maintenance;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Schedules restart changes: each runs in the window {@link MaintenanceSchedule#scheduledFor} gives
 * for the instant the state store first saw it (per resource and desired spec hash); outside that
 * window it is held with the window in its reason.
 */
final class RestartGate {
  private final SafetyState state;
  private final Fleet fleet;
  private final Instant now;

  RestartGate(SafetyState state, Fleet fleet, Instant now) {
    this.state = state;
    this.fleet = fleet;
    this.now = now;
  }

  List<Change> gate(List<Change> changes, Map<Change, Hold> holds) {
    Map<String, String> known = state.allKnown();
    List<Change> out = new ArrayList<>();
    for (Change c : changes) {
      if (c.action() == Action.UPDATE && c.impact() == Impact.RESTART) {
        out.add(schedule(c, known, holds));
      } else {
        state.forgetKnown(known, c.resource(), "");
        out.add(c);
      }
    }
    return out;
  }

  private Change schedule(Change c, Map<String, String> known, Map<Change, Hold> holds) {
    String hash = specHash(c);
    state.forgetKnown(known, c.resource(), hash);
    Instant since = state.knownSince(c.resource(), hash, now);
    MaintenanceWindow window = new MaintenanceSchedule(maintenance(c)).scheduledFor(since, now);
    boolean open = window.contains(now);
    String reason =
        (open ? "in maintenance window " : "waiting for maintenance window ") + window.render();
    Change gated = open ? c : StagedDeletion.withReason(c, join(c.reason(), reason));
    holds.put(
        gated,
        new Hold(
            c.resource(),
            c.environment(),
            Hold.Kind.WINDOW,
            c.reason(),
            reason,
            window,
            since,
            window.opens().toInstant(),
            !open));
    return gated;
  }

  private Maintenance maintenance(Change c) {
    return fleet.environments().stream()
        .filter(e -> e.name().equals(c.environment()))
        .map(Environment::maintenance)
        .filter(m -> m != null)
        .findFirst()
        .orElse(Maintenance.DEFAULT);
  }

  static String join(String first, String second) {
    return first.isEmpty() ? second : first + "; " + second;
  }

  static String specHash(Change c) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(c.after().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
