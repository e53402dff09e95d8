package dev.ringmaster.model.load;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Fleet;
import java.util.List;

/**
 * What loading (and validating) a fleet repository gave: the fleet as far as it could be read, and
 * every diagnostic found, ordered by file, line and column. A fleet from a result that {@link
 * #hasErrors()} must not be planned or applied. Immutable.
 */
public record LoadResult(Fleet fleet, List<Diagnostic> diagnostics) {
  public LoadResult {
    if (fleet == null) {
      throw new IllegalArgumentException("fleet must not be null");
    }
    diagnostics = List.copyOf(diagnostics == null ? List.of() : diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }
}
