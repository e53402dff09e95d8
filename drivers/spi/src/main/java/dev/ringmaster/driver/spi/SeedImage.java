package dev.ringmaster.driver.spi;

/**
 * The bytes of a first-boot seed volume, held as the part that was written followed by zeros up to
 * the image's size. A seed image is a small file system of which only the first few kilobytes are
 * not zero; holding just those keeps writing the seeds of a whole fleet from allocating a full
 * image per VM (each one a humongous object for the garbage collector). Immutable once built; does
 * not copy the array it is given, so the caller must not change it afterwards.
 */
public final class SeedImage {
  private final byte[] head;
  private final int size;

  private SeedImage(byte[] head, int size) {
    if (size < head.length) {
      throw new IllegalArgumentException(
          "an image of " + size + " bytes cannot hold " + head.length + " written bytes");
    }
    this.head = head;
    this.size = size;
  }

  /** The image {@code bytes}, as they are. */
  public static SeedImage of(byte[] bytes) {
    return new SeedImage(bytes, bytes.length);
  }

  /** An image of {@code size} bytes that starts with {@code head} and is zero after it. */
  public static SeedImage of(byte[] head, int size) {
    return new SeedImage(head, size);
  }

  /** The image's size in bytes: the size of the volume that holds it. */
  public int size() {
    return size;
  }

  /** A copy of {@code length} bytes from {@code offset}. */
  public byte[] range(int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new IndexOutOfBoundsException(
          "bytes " + offset + "+" + length + " of an image of " + size);
    }
    byte[] out = new byte[length];
    if (offset < head.length) {
      System.arraycopy(head, offset, out, 0, Math.min(length, head.length - offset));
    }
    return out;
  }

  /** A copy of the whole image. */
  public byte[] bytes() {
    return range(0, size);
  }
}
