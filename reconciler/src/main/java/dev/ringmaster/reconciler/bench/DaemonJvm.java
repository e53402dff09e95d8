package dev.ringmaster.reconciler.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The JVM the daemon runs in by default: the options and environment the {@code ringmaster}
 * launcher gives {@code serve}, read from the same file ({@value #OPTIONS}), so a benchmark's
 * measuring JVM is the one an operator gets.
 */
public final class DaemonJvm {
  /** Class-path resource with one JVM option a line; {@code #} starts a comment line. */
  public static final String OPTIONS = "/dev/ringmaster/reconciler/daemon-jvm.options";

  /**
   * glibc malloc arenas: the launcher sets {@code MALLOC_ARENA_MAX} to this unless the environment
   * already has it.
   */
  public static final String MALLOC_ARENA_MAX = "2";

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

  /** Sets the launcher's default environment in {@code env} where it has no value of its own. */
  public static void defaultEnvironment(Map<String, String> env) {
    env.putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
  }
}
