package dev.ringmaster.model.validate;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax of names in a fleet repository. Every check returns what is wrong with a name, or
 * empty when it is fine. Pure and thread-safe.
 */
public final class Names {
  /** Names of hypervisors, environments and VMs: lower case, digits and dashes, DNS-label long. */
  public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");

  /** Resource groups: no dash, so that VM names {@code <group><two digits>} parse unambiguously. */
  public static final Pattern RESOURCE_GROUP = Pattern.compile("^[a-z][a-z0-9]{0,29}$");

  /** Human user names: POSIX portable names. */
  public static final Pattern POSIX_USER = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");

  /** Service user names: {@code s-} and a POSIX tail. */
  public static final Pattern SERVICE_USER = Pattern.compile("^s-[a-z0-9_-]{1,30}$");

  /** libvirt object names (pools, volumes, bridges): no path separators, no dot-dot. */
  public static final Pattern LIBVIRT_NAME =
      Pattern.compile("^(?!.*\\.\\.)[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}$");

  private Names() {}

  /** What is wrong with {@code value} as a name of the given pattern; empty when nothing. */
  public static Optional<String> problem(String value, Pattern pattern, String rule) {
    if (pattern.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(quote(value) + " is not a valid name (" + describe(value, rule) + ")");
  }

  private static String describe(String value, String rule) {
    if (value.contains("/")) {
      return "it contains \"/\"; " + rule;
    }
    if (value.contains("..")) {
      return "it contains \"..\"; " + rule;
    }
    if (!value.equals(value.toLowerCase(java.util.Locale.ROOT))) {
      return "it contains upper case letters; " + rule;
    }
    return rule;
  }

  /** A value in double quotes with quotes, backslashes and control characters escaped. */
  public static String quote(String value) {
    StringBuilder s = new StringBuilder("\"");
    String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
    for (char c : shown.toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }
}
