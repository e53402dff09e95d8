package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.model.load.IncrementalLoader;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.load.SourceFile;
import dev.ringmaster.model.load.VersionedFile;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.engine.EngineFactory;
import dev.ringmaster.reconciler.source.TreeFile;
import dev.ringmaster.reconciler.state.StateStore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Loads and validates the fleet of a snapshot once per commit; a new commit re-reads only the files
 * whose Git blob changed (validation still covers the whole fleet). Thread-safe: concurrent passes
 * at a new commit wait for one load.
 */
final class LoadedFleets {
  private record Loaded(String commit, LoadResult result) {}

  private final AtomicReference<Loaded> last = new AtomicReference<>();
  private final Supplier<AppliedRootDisks> lastApplied;
  private final IncrementalLoader loader = new IncrementalLoader();

  LoadedFleets(Supplier<AppliedRootDisks> lastApplied) {
    this.lastApplied = lastApplied;
  }

  /** The validator's view of the state store: see {@link EngineFactory#rootDisks}. */
  static AppliedRootDisks rootDisks(StateStore store) {
    return EngineFactory.rootDisks(store);
  }

  /** The fleet at the snapshot's commit; loaded once per commit, re-reading only changed files. */
  synchronized LoadResult of(RepoSnapshot snapshot) {
    Loaded cached = last.get();
    if (cached != null && cached.commit().equals(snapshot.commit())) {
      return cached.result();
    }
    LoadResult result =
        loader.load(
            snapshot.files().stream().map(LoadedFleets::versioned).toList(),
            whenAsked(lastApplied));
    last.set(new Loaded(snapshot.commit(), result));
    return result;
  }

  /**
   * The root disks read from the store only when validation first asks, after the files are parsed:
   * a start's parse then overlaps the store's warm-up instead of waiting for it.
   */
  private static AppliedRootDisks whenAsked(Supplier<AppliedRootDisks> read) {
    AtomicReference<AppliedRootDisks> once = new AtomicReference<>();
    return vm -> {
      AppliedRootDisks r = once.get();
      if (r == null) {
        synchronized (once) {
          r = once.get();
          if (r == null) {
            r = read.get();
            once.set(r);
          }
        }
      }
      return r.rootDisk(vm);
    };
  }

  private static VersionedFile versioned(TreeFile f) {
    return new VersionedFile(new SourceFile(f.path(), f.size(), f::bytes), f.blobId());
  }
}
