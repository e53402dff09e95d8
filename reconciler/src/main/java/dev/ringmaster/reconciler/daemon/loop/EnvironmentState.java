package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.engine.Condition;
import java.time.Instant;
import java.util.List;

/**
 * Where one environment stands for the API: whether Git declares it, the commit of its last pass,
 * when that pass ended and how, its conditions, and changes pending or drifted. {@code lastPass},
 * {@code commit} and {@code result} are null before its first pass. Immutable.
 */
public record EnvironmentState(
    String name,
    boolean declared,
    String commit,
    Instant lastPass,
    PassResult.Result result,
    String message,
    List<Condition> conditions,
    int pending,
    int drifted,
    long durationMillis,
    int failures) {
  public EnvironmentState {
    conditions = List.copyOf(conditions == null ? List.of() : conditions);
  }

  static EnvironmentState unknown(String name, boolean declared) {
    return new EnvironmentState(
        name,
        declared,
        null,
        null,
        null,
        "no pass yet",
        List.of(new Condition("Ready", false, "NoPassYet", "waiting for the first pass")),
        0,
        0,
        0,
        0);
  }
}
