package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.DriverException;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the driver reads from a guest besides the installed file, in one SSH command (one
 * round trip): the generation, passwd and group commands of the options and, when observed, the
 * platform command of {@link GuestPlatform}, each in its own subshell, their outputs separated by
 * marker lines. The generation command may fail (its output is then empty, as before); a failing
 * passwd or group command fails the whole observation with a retryable error that names it.
 */
final class ObserveScript {
  private static final String MARK = "@@ringmaster-observe:";
  private static final int PASSWD_FAILED = 101;
  private static final int GROUP_FAILED = 102;

  /** The outputs, by part: {@code generation}, {@code passwd}, {@code group}, {@code platform}. */
  record Output(String generation, String passwd, String group, String platform) {}

  private ObserveScript() {}

  static String command(NixosDriverOptions o, GuestPlatform platform) {
    StringBuilder s = new StringBuilder();
    s.append("( ").append(o.generationCommand()).append(" ) 2>/dev/null; ");
    part(s, "passwd").append("( ").append(o.passwdCommand()).append(" ) || exit ");
    s.append(PASSWD_FAILED).append("; ");
    part(s, "group").append("( ").append(o.groupCommand()).append(" ) || exit ");
    s.append(GROUP_FAILED).append("; ");
    if (platform.observed()) {
      part(s, "platform").append("( ").append(GuestPlatform.COMMAND).append(" ); ");
    }
    return s.append("true").toString();
  }

  private static StringBuilder part(StringBuilder s, String name) {
    return s.append("echo; echo '").append(MARK).append(name).append("'; ");
  }

  static Output run(SshConnection c, NixosDriverOptions o, GuestPlatform platform) {
    CommandResult r = c.run(command(o, platform), o.commandTimeout());
    if (!r.ok()) {
      String which =
          r.exitStatus() == PASSWD_FAILED
              ? o.passwdCommand()
              : r.exitStatus() == GROUP_FAILED ? o.groupCommand() : "observe";
      throw DriverException.transientFailure(
          "observe command `"
              + which
              + "` failed on "
              + SshConnector.where(c.target())
              + (r.timedOut() ? " (timed out)" : " (exit " + r.exitStatus() + ")")
              + ": "
              + r.tail(),
          null);
    }
    return parse(r.stdout());
  }

  static Output parse(String stdout) {
    Map<String, StringBuilder> parts = new HashMap<>();
    StringBuilder current = parts.computeIfAbsent("generation", k -> new StringBuilder());
    for (String line : stdout.split("\n", -1)) {
      if (line.startsWith(MARK)) {
        current = parts.computeIfAbsent(line.substring(MARK.length()), k -> new StringBuilder());
      } else {
        current.append(line).append('\n');
      }
    }
    return new Output(
        text(parts, "generation").trim(),
        text(parts, "passwd"),
        text(parts, "group"),
        text(parts, "platform"));
  }

  private static String text(Map<String, StringBuilder> parts, String name) {
    StringBuilder b = parts.get(name);
    return b == null ? "" : b.toString();
  }
}
