package dev.ringmaster.model;

/**
 * One problem found in a fleet repository, compiler-style: where it is, which field, what is wrong
 * and what to write instead. Immutable. {@link #toString()} renders {@code file:line:column:
 * field.path: message; hint}.
 *
 * @param position where the problem was written
 * @param path the field path inside the document ({@code vms[1].memory}); empty for the whole file
 * @param message what is wrong, quoting the offending value
 * @param hint what to write instead; empty when there is nothing useful to suggest
 */
public record Diagnostic(
    Severity severity, Position position, String path, String message, String hint) {
  /** Errors stop a repository from being planned; warnings are shown and do not. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public Diagnostic {
    if (severity == null || position == null || message == null) {
      throw new IllegalArgumentException("severity, position and message are required");
    }
    path = path == null ? "" : path;
    hint = hint == null ? "" : hint;
  }

  public static Diagnostic error(Position position, String path, String message, String hint) {
    return new Diagnostic(Severity.ERROR, position, path, message, hint);
  }

  public static Diagnostic warning(Position position, String path, String message, String hint) {
    return new Diagnostic(Severity.WARNING, position, path, message, hint);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(position).append(": ");
    if (severity == Severity.WARNING) {
      s.append("warning: ");
    }
    if (!path.isEmpty()) {
      s.append(path).append(": ");
    }
    s.append(message);
    if (!hint.isEmpty()) {
      s.append("; ").append(hint);
    }
    return s.toString();
  }
}
