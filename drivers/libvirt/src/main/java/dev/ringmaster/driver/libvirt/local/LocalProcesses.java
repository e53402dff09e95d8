package dev.ringmaster.driver.libvirt.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Process helpers for daemons this process starts itself: run a command to completion, read a PID
 * file, stop a process by its PID. Blocking; thread-safe (no state).
 */
public final class LocalProcesses {
  private LocalProcesses() {}

  /** Runs a command, returns its standard output; fails with its output when it exits non-zero. */
  public static String run(Duration timeout, List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
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

  /** The resident set size of a process in MiB ({@code VmRSS} in its status); -1 when unknown. */
  public static long rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
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
