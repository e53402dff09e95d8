package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * One authenticated SSH connection to a guest, for one driver call. Not thread-safe. Runs commands
 * with a deadline and opens SFTP; I/O failures become retryable {@link DriverException}s.
 */
final class SshConnection implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final int MAX_STDOUT = 8 * 1024 * 1024;
  private final SSHClient client;
  private final GuestTarget target;
  private final int tailLines;

  SshConnection(SSHClient client, GuestTarget target, int tailLines) {
    this.client = client;
    this.target = target;
    this.tailLines = tailLines;
  }

  GuestTarget target() {
    return target;
  }

  SFTPClient sftp() {
    try {
      return client.newSFTPClient();
    } catch (IOException e) {
      throw failure("cannot start SFTP", e);
    }
  }

  /**
   * Runs {@code command} and waits up to {@code timeout} plus a grace period; past that the command
   * is killed and reported as timed out.
   */
  CommandResult run(String command, Duration timeout) {
    try (Session session = client.startSession()) {
      Session.Command cmd = session.exec(command);
      OutputTail tail = new OutputTail(tailLines);
      StringBuffer stdout = new StringBuffer();
      Thread out = reader(() -> tail.drain(cmd.getInputStream(), l -> append(stdout, l)));
      Thread err = reader(() -> tail.drain(cmd.getErrorStream()));
      boolean finished = join(cmd, timeout.plus(GRACE));
      if (!finished) {
        kill(cmd);
      }
      out.join(GRACE.toMillis());
      err.join(GRACE.toMillis());
      Integer status = cmd.getExitStatus();
      return new CommandResult(
          status == null ? -1 : status, !finished, stdout.toString(), tail.toString());
    } catch (IOException e) {
      throw failure("command failed to run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DriverException.transientFailure("interrupted while talking to " + target.vm(), e);
    }
  }

  private static boolean join(Session.Command cmd, Duration limit) throws ConnectionException {
    try {
      cmd.join(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ConnectionException e) {
      if (cmd.isOpen() && cmd.getExitStatus() == null) {
        return false;
      }
      throw e;
    }
  }

  private static void kill(Session.Command cmd) {
    try {
      cmd.signal(Signal.KILL);
      cmd.close();
    } catch (IOException e) {
      // the channel is gone already; the command is reported as timed out either way
    }
  }

  private static void append(StringBuffer sink, String line) {
    if (sink.length() < MAX_STDOUT) {
      sink.append(line).append('\n');
    }
  }

  private static Thread reader(Runnable body) {
    Thread t = new Thread(body, "nixos-ssh-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  DriverException failure(String what, IOException e) {
    return DriverException.transientFailure(
        what + " on " + target.vm() + " (" + target.address() + "): " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // closing a broken connection has nothing left to report
    }
  }
}
