package dev.ringmaster.reconciler.daemon.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The options of {@code serve}, mapped onto configuration properties. Immutable. */
public record ServeOptions(Map<String, String> properties, boolean help) {
  public static final String USAGE =
      "usage: ringmaster serve [--repo-url URL] [--branch NAME] [--state-dir DIR] [--port N]\n"
          + "  Every ringmaster.* property can also be set in the environment\n"
          + "  (RINGMASTER_REPO_URL, RINGMASTER_WEBHOOK_SECRET, RINGMASTER_API_TOKEN_FILE, ...).";

  private static final Map<String, String> OPTIONS =
      Map.of(
          "--repo-url", "ringmaster.repo.url",
          "--branch", "ringmaster.repo.branch",
          "--state-dir", "ringmaster.state.dir",
          "--port", "quarkus.http.port");

  public ServeOptions {
    properties = Map.copyOf(properties);
  }

  /** Parses {@code serve} and its options ({@code --opt value} or {@code --opt=value}). */
  public static ServeOptions parse(String... args) {
    Map<String, String> properties = new LinkedHashMap<>();
    int i = 0;
    if (args.length > 0 && args[0].equals("serve")) {
      i = 1;
    }
    for (; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return new ServeOptions(properties, true);
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String property = OPTIONS.get(name);
      if (property == null) {
        throw new IllegalArgumentException("unknown option " + arg);
      }
      String value;
      if (arg.contains("=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (name.equals("--port") && !value.matches("\\d{1,5}")) {
        throw new IllegalArgumentException("--port needs a number, not " + value);
      }
      properties.put(property, value);
    }
    return new ServeOptions(properties, false);
  }
}
