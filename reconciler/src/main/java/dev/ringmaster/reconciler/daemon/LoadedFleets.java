package dev.ringmaster.reconciler.daemon;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.load.SourceFile;
import dev.ringmaster.model.validate.LastApplied;
import dev.ringmaster.reconciler.source.TreeFile;
import dev.ringmaster.reconciler.state.StateStore;
import java.util.concurrent.atomic.AtomicReference;

/** Loads and validates the fleet of a snapshot once per commit. Thread-safe. */
final class LoadedFleets {
  private record Loaded(String commit, LoadResult result) {}

  private final AtomicReference<Loaded> last = new AtomicReference<>();
  private final LastApplied lastApplied;

  LoadedFleets(LastApplied lastApplied) {
    this.lastApplied = lastApplied;
  }

  /** The validator's view of the state store: root disk sizes last applied, by VM name. */
  static LastApplied rootDisks(StateStore store) {
    return vm ->
        store.lastApplied().records().values().stream()
            .filter(r -> r.resource().kind() == ResourceKind.VOLUME)
            .filter(r -> r.resource().name().equals(DiskRole.ROOT.volumeName(vm)))
            .map(r -> r.attributes().get("capacity"))
            .flatMap(c -> Size.parse(c).stream())
            .findFirst();
  }

  LoadResult of(FleetSnapshot snapshot) {
    Loaded cached = last.get();
    if (cached != null && cached.commit().equals(snapshot.commit())) {
      return cached.result();
    }
    LoadResult result =
        FleetRepository.load(
            snapshot.files().stream().map(LoadedFleets::sourceFile).toList(), lastApplied);
    last.set(new Loaded(snapshot.commit(), result));
    return result;
  }

  private static SourceFile sourceFile(TreeFile f) {
    return new SourceFile(f.path(), f.size(), f::bytes);
  }
}
