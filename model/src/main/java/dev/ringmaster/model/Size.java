package dev.ringmaster.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, written with binary units ({@code 512MiB}, {@code 4GiB}, {@code 1TiB}).
 * Immutable and thread-safe. {@link #toString()} gives the largest unit that divides the value
 * exactly, so a size prints as it was written.
 */
public record Size(long bytes) implements Comparable<Size> {
  public static final long MIB = 1024L * 1024;
  public static final long GIB = MIB * 1024;
  public static final long TIB = GIB * 1024;

  private static final Pattern SYNTAX = Pattern.compile("^(\\d{1,9})\\s*(MiB|GiB|TiB)$");
  private static final Pattern LOOSE = Pattern.compile("^(-?\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)$");

  public Size {
    if (bytes < 0) {
      throw new IllegalArgumentException("size must not be negative: " + bytes);
    }
  }

  public static Size mib(long n) {
    return new Size(Math.multiplyExact(n, MIB));
  }

  public static Size gib(long n) {
    return new Size(Math.multiplyExact(n, GIB));
  }

  public static Size tib(long n) {
    return new Size(Math.multiplyExact(n, TIB));
  }

  /** Parses {@code <digits><MiB|GiB|TiB>}; empty when the text is not such a size. */
  public static Optional<Size> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "MiB" -> mib(n);
          case "GiB" -> gib(n);
          default -> tib(n);
        });
  }

  /**
   * For a text that {@link #parse} refused, what the author most likely meant, written correctly
   * ({@code 8GB} gives {@code 8GiB}); empty when there is no good guess.
   */
  public static Optional<String> suggest(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = LOOSE.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String number = m.group(1);
    if (number.startsWith("-") || number.contains(".") || Long.parseLong(number) == 0) {
      return Optional.empty();
    }
    String unit =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "m", "mb", "mib" -> "MiB";
          case "g", "gb", "gib", "" -> "GiB";
          case "t", "tb", "tib" -> "TiB";
          default -> null;
        };
    return Optional.ofNullable(unit).map(u -> number + u);
  }

  public long mebibytes() {
    return bytes / MIB;
  }

  public Size plus(Size other) {
    return new Size(Math.addExact(bytes, other.bytes));
  }

  public Size max(Size other) {
    return bytes >= other.bytes ? this : other;
  }

  public boolean isZero() {
    return bytes == 0;
  }

  @Override
  public int compareTo(Size other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    if (bytes != 0 && bytes % TIB == 0) {
      return bytes / TIB + "TiB";
    }
    if (bytes != 0 && bytes % GIB == 0) {
      return bytes / GIB + "GiB";
    }
    if (bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    }
    return bytes + "B";
  }
}
