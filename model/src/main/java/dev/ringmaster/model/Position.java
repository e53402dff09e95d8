package dev.ringmaster.model;

/**
 * Where something was written: a repository-relative file path with 1-based line and column. A
 * position with line 0 names the file only.
 */
public record Position(String file, int line, int column) {
  public Position {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
  }

  public static Position ofFile(String file) {
    return new Position(file, 0, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ":" + column : file;
  }
}
