package dev.ringmaster.reconciler.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM the daemon runs in by default: the options the {@code ringmaster} launcher gives {@code
 * serve}, read from the same file ({@value #OPTIONS}), so a benchmark's measuring JVM is the one an
 * operator gets.
 */
public final class DaemonJvm {
  /** Class-path resource with one JVM option a line; {@code #} starts a comment line. */
  public static final String OPTIONS = "/dev/ringmaster/reconciler/daemon-jvm.options";

  private DaemonJvm() {}

  /** The default options, in file order. */
  public static List<String> options() {
    try (InputStream in = DaemonJvm.class.getResourceAsStream(OPTIONS)) {
      if (in == null) {
        throw new IllegalStateException(OPTIONS + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
