package dev.ringmaster.driver.libvirt.testing;

import dev.ringmaster.driver.libvirt.local.LocalProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Process helpers for test fixtures; see {@link LocalProcesses}. */
public final class Daemons {
  private Daemons() {}

  /** Runs a command, returns its standard output; fails with its output when it exits non-zero. */
  public static String run(Duration timeout, List<String> command) {
    return LocalProcesses.run(timeout, command);
  }

  /** The PID in a pid file; -1 when the file is missing or empty. */
  public static long pid(Path pidFile) {
    return LocalProcesses.pid(pidFile);
  }

  /** Sends SIGTERM, waits up to {@code grace}, then SIGKILL and waits again. */
  public static void stop(long pid, Duration grace) {
    LocalProcesses.stop(pid, grace);
  }

  /** True once the process no longer runs (exited, or a zombie waiting for its reaper). */
  public static boolean gone(long pid) {
    return LocalProcesses.gone(pid);
  }
}
