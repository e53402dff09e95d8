package dev.ringmaster.driver.nixos;

import dev.ringmaster.model.RingmasterException;
import java.util.regex.Pattern;

/**
 * Guards for everything that reaches a remote shell: absolute paths of plain characters only, and
 * POSIX single-quoting. Pure functions.
 */
public final class SafePaths {
  private static final Pattern PATH = Pattern.compile("^(/[A-Za-z0-9._+@-]+)+$");

  private SafePaths() {}

  /**
   * Returns {@code path} when it is absolute, made of {@code [A-Za-z0-9._+@-]} segments, with no
   * {@code .} or {@code ..} segment.
   *
   * @throws RingmasterException otherwise
   */
  public static String requireSafeAbsolute(String path) {
    if (path == null || !PATH.matcher(path).matches()) {
      throw new RingmasterException(
          "unsafe remote path "
              + quote(String.valueOf(path))
              + "; use an absolute path of [A-Za-z0-9._+@-]");
    }
    for (String segment : path.substring(1).split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new RingmasterException("unsafe remote path " + path + ": must not contain . or ..");
      }
    }
    return path;
  }

  /** {@code text} as one POSIX shell word in single quotes. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** The directory part of a safe absolute path ({@code /} for a top-level file). */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
