package dev.ringmaster.reconciler.bench;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.Observer;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.Planner;
import dev.ringmaster.reconciler.state.StateStore;
import java.nio.file.Path;
import java.util.Set;

/** The benchmark's timed phases, each the same code the CLI and daemon run. */
final class BenchSupport {
  private BenchSupport() {}

  static FleetSnapshot load(Path repo) {
    LoadResult result = FleetRepository.load(repo, AppliedRootDisks.NONE);
    if (result.hasErrors()) {
      throw new RingmasterException(
          "the synthetic fleet does not validate: " + result.errors().get(0));
    }
    return new FleetSnapshot(result.fleet(), "benchmark");
  }

  /** Observes the whole fleet, then plans it; returns {observe ms, plan ms}. */
  static long[] observeAndPlan(DriverRegistry drivers, StateStore store, FleetSnapshot snapshot) {
    DesiredState desired = DesiredState.of(snapshot.fleet(), Set.of());
    var lastApplied = store.lastApplied();
    long t0 = System.nanoTime();
    Observation observed = new Observer(drivers).observe(snapshot.fleet().hypervisors(), desired);
    long t1 = System.nanoTime();
    Planner.plan(snapshot.commit(), desired, observed, lastApplied);
    long t2 = System.nanoTime();
    return new long[] {(t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000};
  }
}
