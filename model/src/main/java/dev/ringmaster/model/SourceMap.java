package dev.ringmaster.model;

import java.util.Map;

/**
 * The positions of one YAML document's fields, by field path ({@code vms[1].memory}). Lets
 * validation that runs long after parsing still point at the line a value was written on.
 * Immutable.
 */
public record SourceMap(String file, Map<String, Position> fields) {
  public SourceMap {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    fields = Map.copyOf(fields);
  }

  public static SourceMap empty(String file) {
    return new SourceMap(file, Map.of());
  }

  /**
   * The position of {@code path}, or of its nearest written parent ({@code vms[1].memory}, then
   * {@code vms[1]}, then {@code vms}), or of the document itself ({@code ""}), or the file.
   */
  public Position at(String path) {
    String p = path;
    while (true) {
      Position found = fields.get(p);
      if (found != null) {
        return found;
      }
      if (p.isEmpty()) {
        return Position.ofFile(file);
      }
      int dot = p.lastIndexOf('.');
      int bracket = p.lastIndexOf('[');
      int cut = Math.max(dot, bracket);
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }
}
