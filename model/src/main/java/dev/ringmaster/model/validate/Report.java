package dev.ringmaster.model.validate;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.SourceMap;
import java.util.List;

/** Collects the diagnostics of one validation run, placing each through a document's SourceMap. */
final class Report {
  private final List<Diagnostic> out;

  Report(List<Diagnostic> out) {
    this.out = out;
  }

  static Position at(SourceMap source, String path) {
    return source == null ? Position.ofFile("<unknown>") : source.at(path);
  }

  void error(SourceMap source, String path, String message, String hint) {
    out.add(Diagnostic.error(at(source, path), path, message, hint));
  }

  void error(Position at, String path, String message, String hint) {
    out.add(Diagnostic.error(at, path, message, hint));
  }

  void warning(SourceMap source, String path, String message, String hint) {
    out.add(Diagnostic.warning(at(source, path), path, message, hint));
  }
}
