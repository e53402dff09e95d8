package dev.ringmaster.reconciler.review;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.reconciler.gate.GateEffects;
import dev.ringmaster.reconciler.gate.GatedPlan;
import dev.ringmaster.reconciler.gate.SafetyGate;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * The engine's {@link SafetyGate} for a plan of a commit that is not in force. The gate is a pure
 * decision: its effects (what it would remember) are dropped, so nothing is written. Live mode
 * reads the real state store; offline mode first gates the base fleet against an empty store and
 * gates the head as if those effects were recorded (the protection of VMs the head removes), so a
 * PR plan stages, refuses, budgets and schedules as the engine will once the change is merged.
 * Thread-safe.
 */
final class ReviewGate {
  private ReviewGate() {}

  /** Offline mode: the base fleet stands for what the engine has seen. */
  static GatedPlan gate(
      SafetySettings settings,
      Instant now,
      String baseCommit,
      Fleet base,
      Fleet head,
      Set<String> touched,
      Plan raw) {
    SafetyGate gate =
        new SafetyGate(GateEffects.Source.empty(), Clock.fixed(now, ZoneOffset.UTC), settings);
    GatedPlan learned = gate.gate(base, Set.of(), new Plan(baseCommit, List.of()));
    return gate.gate(head, touched, raw, learned.effects());
  }

  /** Live mode: the real store's records stand for what the engine has seen; nothing is written. */
  static GatedPlan gate(
      SafetySettings settings,
      Instant now,
      StateStore real,
      Fleet head,
      Set<String> touched,
      Plan raw) {
    return new SafetyGate(real, Clock.fixed(now, ZoneOffset.UTC), settings)
        .gate(head, touched, raw);
  }
}
