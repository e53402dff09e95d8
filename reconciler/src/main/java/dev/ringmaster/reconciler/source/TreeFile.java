package dev.ringmaster.reconciler.source;

import java.util.function.Supplier;

/**
 * One file of the fleet repository at one commit, read from the object database without a checkout.
 * {@link #bytes()} loads the content on demand (blocking; may throw {@link SourceException}); path
 * and size are known without loading it. {@code blobId} is the Git object id of the content (equal
 * ids, equal bytes), or null when the file did not come from Git.
 */
public record TreeFile(String path, long size, Supplier<byte[]> loader, String blobId) {
  public TreeFile {
    if (path == null || loader == null) {
      throw new IllegalArgumentException("path and loader are required");
    }
  }

  /** A file whose content has no known id. */
  public TreeFile(String path, long size, Supplier<byte[]> loader) {
    this(path, size, loader, null);
  }

  public static TreeFile of(String path, byte[] content) {
    byte[] copy = content.clone();
    return new TreeFile(path, copy.length, copy::clone);
  }

  public byte[] bytes() {
    return loader.get();
  }
}
