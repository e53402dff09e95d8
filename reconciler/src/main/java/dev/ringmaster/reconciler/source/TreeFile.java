package dev.ringmaster.reconciler.source;

import java.util.function.Supplier;

/**
 * One file of the fleet repository at one commit, read from the object database without a checkout.
 * {@link #bytes()} loads the content on demand (blocking; may throw {@link SourceException}); path
 * and size are known without loading it.
 */
public record TreeFile(String path, long size, Supplier<byte[]> loader) {
  public TreeFile {
    if (path == null || loader == null) {
      throw new IllegalArgumentException("path and loader are required");
    }
  }

  public static TreeFile of(String path, byte[] content) {
    byte[] copy = content.clone();
    return new TreeFile(path, copy.length, copy::clone);
  }

  public byte[] bytes() {
    return loader.get();
  }
}
