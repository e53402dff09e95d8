package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.EngineFactory;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** One CLI run's engine: state store, drivers and the reconciler; closes them together. */
final class Session implements AutoCloseable {
  final StateStore store;
  final DriverRegistry drivers;
  final Reconciler reconciler;

  Session(Path stateDir) {
    this(stateDir, null);
  }

  /**
   * @param nixos the {@code ringmaster.nixos.*} keys; null when guests are not managed
   */
  Session(Path stateDir, Map<String, String> nixos) {
    EngineFactory.Engine engine =
        EngineFactory.open(
            stateDir,
            nixos == null ? Map.of() : nixos,
            ReconcilerConfig.defaults().withSafety(SafetySettings.fromSystem()));
    this.store = engine.store();
    this.drivers = engine.drivers();
    this.reconciler = engine.reconciler();
  }

  /** Loads the repository; prints every diagnostic; empty when there are errors. */
  Optional<FleetSnapshot> load(Path repo, PrintWriter err) {
    return loadAndReport(repo, rootDisks(store), err);
  }

  static Optional<FleetSnapshot> loadAndReport(
      Path repo, AppliedRootDisks applied, PrintWriter err) {
    String commit = RepoReader.commitOf(repo);
    LoadResult result = RepoReader.load(repo, applied);
    for (Diagnostic d : result.diagnostics()) {
      err.println(d);
    }
    if (result.hasErrors()) {
      err.println(result.errors().size() + " error(s); nothing planned");
      return Optional.empty();
    }
    return Optional.of(new FleetSnapshot(result.fleet(), commit));
  }

  /** The validator's view of the state store: see {@link EngineFactory#rootDisks}. */
  static AppliedRootDisks rootDisks(StateStore store) {
    return EngineFactory.rootDisks(store);
  }

  @Override
  public void close() {
    drivers.close();
    store.close();
  }
}
