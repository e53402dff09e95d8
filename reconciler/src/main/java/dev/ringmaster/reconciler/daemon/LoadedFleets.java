package dev.ringmaster.reconciler.daemon;

import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.load.SourceFile;
import dev.ringmaster.model.validate.LastApplied;
import dev.ringmaster.reconciler.source.TreeFile;
import java.util.concurrent.atomic.AtomicReference;

/** Loads and validates the fleet of a snapshot once per commit. Thread-safe. */
final class LoadedFleets {
  private record Loaded(String commit, LoadResult result) {}

  private final AtomicReference<Loaded> last = new AtomicReference<>();

  LoadResult of(FleetSnapshot snapshot) {
    Loaded cached = last.get();
    if (cached != null && cached.commit().equals(snapshot.commit())) {
      return cached.result();
    }
    LoadResult result =
        FleetRepository.load(
            snapshot.files().stream().map(LoadedFleets::sourceFile).toList(), LastApplied.NONE);
    last.set(new Loaded(snapshot.commit(), result));
    return result;
  }

  private static SourceFile sourceFile(TreeFile f) {
    return new SourceFile(f.path(), f.size(), f::bytes);
  }
}
