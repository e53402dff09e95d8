package dev.ringmaster.model.load;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One file of a fleet repository as the loader sees it: its repository-relative path with {@code /}
 * separators, its size in bytes, and a supplier of its bytes that the loader calls at most once and
 * only when the size is within {@link FleetLoader#MAX_FILE_BYTES}. This lets a Git reader feed the
 * blobs of a commit without a checkout. Immutable; the supplier may block (it reads storage) and
 * may throw {@link java.io.UncheckedIOException}, which the loader reports as a diagnostic.
 */
public record SourceFile(String path, long size, Supplier<byte[]> content) {
  public SourceFile {
    if (path == null || content == null) {
      throw new IllegalArgumentException("path and content are required");
    }
  }

  /** A file whose bytes are already in memory. */
  public static SourceFile of(String path, byte[] bytes) {
    byte[] copy = bytes.clone();
    return new SourceFile(path, copy.length, () -> copy);
  }

  /** A file whose text is already in memory, encoded as UTF-8. */
  public static SourceFile of(String path, String text) {
    return of(path, text.getBytes(StandardCharsets.UTF_8));
  }
}
