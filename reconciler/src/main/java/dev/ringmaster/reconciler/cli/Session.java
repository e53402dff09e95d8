package dev.ringmaster.reconciler.cli;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.LastApplied;
import dev.ringmaster.reconciler.engine.DriverRegistry;
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
    this.store = StateStore.open(stateDir);
    try {
      GuestWiring guests = nixos == null ? null : GuestWiring.from(nixos, store);
      this.drivers = DriverRegistry.fromServiceLoader(guests == null ? null : guests.driver());
      ReconcilerConfig config = ReconcilerConfig.defaults().withSafety(SafetySettings.fromSystem());
      this.reconciler =
          new Reconciler(drivers, store, guests == null ? config : config.withGuests(guests));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Loads the repository; prints every diagnostic; empty when there are errors. */
  Optional<FleetSnapshot> load(Path repo, PrintWriter err) {
    return loadAndReport(repo, rootDisks(store), err);
  }

  static Optional<FleetSnapshot> loadAndReport(Path repo, LastApplied applied, PrintWriter err) {
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

  /** The validator's view of the state store: root disk sizes last applied, by VM name. */
  static LastApplied rootDisks(StateStore store) {
    dev.ringmaster.reconciler.plan.LastApplied applied = store.lastApplied();
    return vm ->
        applied.records().values().stream()
            .filter(r -> r.resource().kind() == ResourceKind.VOLUME)
            .filter(r -> r.resource().name().equals(DiskRole.ROOT.volumeName(vm)))
            .map(r -> r.attributes().get("capacity"))
            .flatMap(c -> Size.parse(c).stream())
            .findFirst();
  }

  @Override
  public void close() {
    drivers.close();
    store.close();
  }
}
