package dev.ringmaster.driver.libvirt.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Process helpers for test fixtures: run a command to completion, stop a daemon by its PID. */
public final class Daemons {
  private Daemons() {}

  /** Runs a command, returns its standard output; fails with its output when it exits non-zero. */
  public static String run(Duration timeout, List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      String out = new String(p.getInputStream().readAllBytes());
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command + " exited " + p.exitValue() + ":\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** The PID in a pid file; -1 when the file is missing or empty. */
  public static long pid(Path pidFile) {
    try {
      String text = Files.exists(pidFile) ? Files.readString(pidFile).trim() : "";
      return text.isEmpty() ? -1 : Long.parseLong(text);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Sends SIGTERM, waits up to {@code grace}, then SIGKILL and waits again. */
  public static void stop(long pid, Duration grace) {
    if (pid <= 0) {
      return;
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    if (!awaitGone(pid, grace)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      awaitGone(pid, grace);
    }
  }

  /** True once the process no longer runs (exited, or a zombie waiting for its reaper). */
  public static boolean gone(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String text = Files.readString(stat);
      int close = text.lastIndexOf(')');
      return close < 0 || text.length() < close + 3 || text.charAt(close + 2) == 'Z';
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean awaitGone(long pid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!gone(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
