package dev.ringmaster.model.load;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.SourceMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** The state of reading one YAML document: its file, positions seen, diagnostics and budget. */
final class Doc {
  private final String file;
  private final List<Diagnostic> diagnostics;
  private final FileLimits limits;
  private final Map<String, Position> positions = new HashMap<>();

  Doc(String file, List<Diagnostic> diagnostics, FileLimits limits) {
    this.file = file;
    this.diagnostics = diagnostics;
    this.limits = limits;
  }

  String file() {
    return file;
  }

  Position position(Node node) {
    return position(node.getStartMark());
  }

  Position position(Mark mark) {
    return mark == null
        ? Position.ofFile(file)
        : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  void record(String path, Node node) {
    positions.putIfAbsent(path, position(node));
  }

  void visit() {
    limits.visit();
  }

  void error(Node at, String path, String message, String hint) {
    if (limits.admitError()) {
      diagnostics.add(Diagnostic.error(position(at), path, message, hint));
    }
  }

  void warning(Node at, String path, String message, String hint) {
    diagnostics.add(Diagnostic.warning(position(at), path, message, hint));
  }

  SourceMap sourceMap() {
    return new SourceMap(file, positions);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
