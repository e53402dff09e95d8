package dev.ringmaster.driver.nixos;

import static dev.ringmaster.driver.nixos.SafePaths.quote;

import dev.ringmaster.driver.spi.ActivationFailedException;
import dev.ringmaster.driver.spi.ActivationResult;
import dev.ringmaster.driver.spi.DriverException;
import java.io.IOException;
import java.util.EnumSet;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * One apply on one guest, in phases: upload beside the target ({@code <path>.new}), keep the
 * installed file as {@code <path>.previous}, rename into place, activate; on failure keep the
 * failed file as {@code <path>.failed}, put the previous one back and re-activate it. Every shell
 * command is a fixed template whose only arguments are the validated, quoted config paths.
 */
final class Installation {
  private static final int CHUNK = 16 * 1024;
  private final SshConnection c;
  private final NixosDriverOptions options;
  private final String path;
  private final String fresh;
  private final String previous;
  private final String failed;

  Installation(SshConnection c, NixosDriverOptions options) {
    this.c = c;
    this.options = options;
    this.path = quote(SafePaths.requireSafeAbsolute(options.configPath()));
    this.fresh = quote(options.configPath() + ".new");
    this.previous = quote(options.configPath() + ".previous");
    this.failed = quote(options.configPath() + ".failed");
  }

  ActivationResult run(byte[] content) {
    boolean hadPrevious = upload(content);
    shell(
        (hadPrevious ? "ln -f -- " + path + " " + previous : "rm -f -- " + previous)
            + " && mv -f -- "
            + fresh
            + " "
            + path);
    CommandResult activation = activate();
    if (activation.ok()) {
      return ActivationResult.succeeded(activation.exitStatus(), activation.tail());
    }
    throw rollBack(hadPrevious, activation);
  }

  private boolean upload(byte[] content) {
    String target = options.configPath();
    try (SFTPClient sftp = c.sftp()) {
      sftp.mkdirs(SafePaths.parent(target));
      boolean exists = sftp.statExistence(target) != null;
      write(sftp, target + ".new", content);
      return exists;
    } catch (SFTPException e) {
      throw DriverException.terminal(
          "cannot upload "
              + target
              + ".new to "
              + SshConnector.where(c.target())
              + ": "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw c.failure("upload of " + target + ".new broke off", e);
    }
  }

  private static void write(SFTPClient sftp, String file, byte[] content) throws IOException {
    EnumSet<OpenMode> mode = EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC);
    try (RemoteFile f = sftp.open(file, mode)) {
      for (int off = 0; off < content.length; off += CHUNK) {
        f.write(off, content, off, Math.min(CHUNK, content.length - off));
      }
    }
  }

  private CommandResult activate() {
    long seconds = Math.max(1, options.activationTimeout().toSeconds());
    CommandResult r =
        c.run(
            "timeout -k 10 " + seconds + " sh -c " + quote(options.activationCommand()),
            options.activationTimeout());
    boolean timedOut = r.timedOut() || r.exitStatus() == 124;
    return new CommandResult(r.exitStatus(), timedOut, r.stdout(), r.tail());
  }

  private ActivationFailedException rollBack(boolean hadPrevious, CommandResult activation) {
    ActivationResult result;
    if (hadPrevious) {
      shell(
          "ln -f -- "
              + path
              + " "
              + failed
              + " && cp -p -- "
              + previous
              + " "
              + fresh
              + " && mv -f -- "
              + fresh
              + " "
              + path);
      CommandResult again = activate();
      result =
          new ActivationResult(
              false,
              activation.exitStatus(),
              activation.timedOut(),
              activation.tail(),
              again.ok(),
              again.tail());
    } else {
      shell("mv -f -- " + path + " " + failed);
      result =
          new ActivationResult(
              false, activation.exitStatus(), activation.timedOut(), activation.tail(), false, "");
    }
    return new ActivationFailedException(message(hadPrevious, result), result);
  }

  private String message(boolean hadPrevious, ActivationResult r) {
    String what =
        r.timedOut()
            ? "timed out after " + options.activationTimeout().toSeconds() + " s"
            : "failed with exit status " + r.exitStatus();
    String after =
        !hadPrevious
            ? "no previous config to restore; the failed one is kept as "
                + options.configPath()
                + ".failed"
            : r.rolledBack()
                ? "previous config restored and re-activated"
                : "previous config restored but its re-activation failed too";
    return "activation on "
        + SshConnector.where(c.target())
        + " "
        + what
        + "; "
        + after
        + "; output:\n"
        + r.outputTail();
  }

  private void shell(String command) {
    CommandResult r = c.run(command, options.commandTimeout());
    if (!r.ok()) {
      throw DriverException.terminal(
          "`"
              + command
              + "` failed on "
              + SshConnector.where(c.target())
              + " (exit "
              + r.exitStatus()
              + "): "
              + r.tail(),
          null);
    }
  }
}
