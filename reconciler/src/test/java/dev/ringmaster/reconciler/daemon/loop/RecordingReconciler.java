package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.engine.Condition;
import dev.ringmaster.reconciler.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the reconcile engine that records every pass (environment, commit, trigger) and
 * journals it as one event. Thread-safe. Used where the real engine is not wired yet.
 */
public class RecordingReconciler implements EnvironmentReconciler {
  /**
   * One pass as the daemon asked for it; {@code freshAsOf} from its options and {@code startedAt}
   * ({@link System#nanoTime()} when it ran) show which observation it may use.
   */
  public record Call(
      String environment,
      String commit,
      PassOptions.Trigger trigger,
      String nowBy,
      long freshAsOf,
      long startedAt) {}

  /** How long each pass takes (so that passes queue behind each other). */
  public volatile long passMillis;

  public final List<Call> calls = new CopyOnWriteArrayList<>();
  public final List<String> problems = new CopyOnWriteArrayList<>();
  public volatile boolean fail;
  public final List<MassDeleteApproval> approvals = new CopyOnWriteArrayList<>();
  public volatile Map<String, Map<String, Object>> maintenance = Map.of();
  private final LoadedFleets fleets =
      new LoadedFleets(() -> dev.ringmaster.model.validate.AppliedRootDisks.NONE);

  /**
   * Whether {@link #validate} checks for real, with the engine's loader; off: every commit is
   * valid.
   */
  public volatile boolean validates;

  @Override
  public List<dev.ringmaster.model.Diagnostic> validate(RepoSnapshot snapshot) {
    return validates ? fleets.of(snapshot).errors() : List.of();
  }

  @Override
  public void approveMassDelete(MassDeleteApproval approval) {
    approvals.add(approval);
  }

  @Override
  public Map<String, Map<String, Object>> maintenance() {
    return maintenance;
  }

  @Override
  public PassResult reconcile(String environment, RepoSnapshot snapshot, PassOptions options) {
    calls.add(
        new Call(
            environment,
            snapshot.commit(),
            options.trigger(),
            options.nowBy(),
            options.freshAsOfNanos(),
            System.nanoTime()));
    if (passMillis > 0) {
      try {
        Thread.sleep(passMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (fail) {
      return PassResult.failed(environment, snapshot.commit(), "hypervisor kvm01 unreachable");
    }
    return new PassResult(
        environment,
        snapshot.commit(),
        PassResult.Result.APPLIED,
        Map.of("live", 1),
        0,
        0,
        List.of(new Condition("Ready", true, "Converged", "")),
        "");
  }

  @Override
  public Plan plan(String environment, RepoSnapshot snapshot) {
    return new Plan(snapshot.commit(), List.of());
  }

  @Override
  public java.util.Optional<LastPlan> lastPlan(String environment) {
    return java.util.Optional.empty();
  }

  @Override
  public DriftView drift(RepoSnapshot snapshot) {
    return new DriftView(
        snapshot.commit(),
        List.of(new DriftView.Entry("a-prod", "domain:kvm01/a00", "memory", "4GiB", "8GiB")),
        Map.of());
  }

  @Override
  public EventPage events(long before, int limit) {
    List<EventPage.Event> events = new ArrayList<>();
    for (int i = calls.size() - 1; i >= 0 && events.size() < limit; i--) {
      if (i + 1 < before) {
        Call c = calls.get(i);
        events.add(
            new EventPage.Event(
                i + 1,
                Instant.EPOCH.toString(),
                "pass-" + (i + 1),
                c.commit(),
                c.environment(),
                "domain:" + c.environment(),
                "UPDATE",
                "live",
                "OUTCOME",
                "SUCCEEDED",
                1,
                ""));
      }
    }
    long next = events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    return new EventPage(events, next <= 1 ? 0 : next);
  }

  @Override
  public Set<String> knownEnvironments() {
    return Set.of();
  }

  @Override
  public List<String> problems() {
    return List.copyOf(problems);
  }

  public List<String> environmentsPassedAt(String commit) {
    return calls.stream().filter(c -> c.commit().equals(commit)).map(Call::environment).toList();
  }

  @Override
  public void close() {}
}
