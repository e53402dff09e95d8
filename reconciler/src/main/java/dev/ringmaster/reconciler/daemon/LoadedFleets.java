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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Loads and validates the fleet of a snapshot once per commit. Thread-safe. */
final class LoadedFleets {
  private record Loaded(String commit, LoadResult result) {}

  private final AtomicReference<Loaded> last = new AtomicReference<>();
  private final Supplier<LastApplied> lastApplied;

  LoadedFleets(Supplier<LastApplied> lastApplied) {
    this.lastApplied = lastApplied;
  }

  /**
   * The validator's view of the state store, read once: root disk sizes last applied, by VM name.
   */
  static LastApplied rootDisks(StateStore store) {
    Map<String, Size> sizes = new HashMap<>();
    store.lastApplied().records().values().stream()
        .filter(r -> r.resource().kind() == ResourceKind.VOLUME)
        .filter(r -> r.resource().name().endsWith(DiskRole.ROOT.volumeName("")))
        .forEach(
            r ->
                Size.parse(r.attributes().get("capacity"))
                    .ifPresent(
                        size ->
                            sizes.put(
                                r.resource()
                                    .name()
                                    .substring(
                                        0,
                                        r.resource().name().length()
                                            - DiskRole.ROOT.volumeName("").length()),
                                size)));
    return vm -> Optional.ofNullable(sizes.get(vm));
  }

  LoadResult of(FleetSnapshot snapshot) {
    Loaded cached = last.get();
    if (cached != null && cached.commit().equals(snapshot.commit())) {
      return cached.result();
    }
    LoadResult result =
        FleetRepository.load(
            snapshot.files().stream().map(LoadedFleets::sourceFile).toList(), lastApplied.get());
    last.set(new Loaded(snapshot.commit(), result));
    return result;
  }

  private static SourceFile sourceFile(TreeFile f) {
    return new SourceFile(f.path(), f.size(), f::bytes);
  }
}
