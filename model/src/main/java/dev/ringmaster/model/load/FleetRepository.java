package dev.ringmaster.model.load;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.model.validate.FleetValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one entry point the CLI and the daemon call: load a fleet repository and validate it. All
 * diagnostics come back together, ordered by file, line and column; when the loader already
 * reported a value, validation does not report the same position again. Stateless, thread-safe;
 * blocks while reading files and while {@code lastApplied} answers.
 */
public final class FleetRepository {
  private static final Comparator<Diagnostic> ORDER =
      Comparator.comparing((Diagnostic d) -> d.position().file())
          .thenComparingInt(d -> d.position().line())
          .thenComparingInt(d -> d.position().column());

  private FleetRepository() {}

  /** Loads and validates the repository checked out at {@code repoRoot}. */
  public static LoadResult load(Path repoRoot, AppliedRootDisks lastApplied) {
    return validate(new FleetLoader().loadDirectory(repoRoot), lastApplied);
  }

  /** Loads and validates files given without a checkout (the blobs of a Git commit). */
  public static LoadResult load(List<SourceFile> files, AppliedRootDisks lastApplied) {
    return validate(new FleetLoader().load(files), lastApplied);
  }

  /**
   * As {@link #load(List, AppliedRootDisks)}, each file read through {@code parser} (see {@link
   * FleetLoader#load(List, java.util.function.Function)}).
   */
  public static LoadResult load(
      List<SourceFile> files,
      AppliedRootDisks lastApplied,
      java.util.function.Function<SourceFile, ParsedFile> parser) {
    return validate(new FleetLoader().load(files, parser), lastApplied);
  }

  private static LoadResult validate(LoadResult loaded, AppliedRootDisks lastApplied) {
    List<Diagnostic> all = new ArrayList<>(loaded.diagnostics());
    Set<Position> reported =
        all.stream()
            .map(Diagnostic::position)
            .filter(p -> p.line() > 0)
            .collect(Collectors.toSet());
    for (Diagnostic d : new FleetValidator().validate(loaded.fleet(), lastApplied)) {
      if (!reported.contains(d.position())) {
        all.add(d);
      }
    }
    all.sort(ORDER);
    return new LoadResult(loaded.fleet(), all);
  }
}
