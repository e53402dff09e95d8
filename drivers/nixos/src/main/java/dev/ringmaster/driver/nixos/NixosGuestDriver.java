package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.ActivationResult;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestAccount;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * The {@link GuestDriver} for NixOS guests over SSH (SSHJ): installs the host config with SFTP and
 * an atomic rename, activates it with the configured command, and observes by reading back what is
 * installed. Thread-safe; every call opens and closes its own connection, and applies to the same
 * guest address are serialised within one driver instance (they share the {@code .new} and {@code
 * .previous} files). See {@link GuestDriver} for the contract and {@link NixosDriverOptions} for
 * what is configurable.
 */
public final class NixosGuestDriver implements GuestDriver {
  private static final int MAX_CONFIG_BYTES = 1024 * 1024;
  private final NixosDriverOptions options;
  private final SshConnector connector;
  private final ConcurrentMap<String, Object> applying = new ConcurrentHashMap<>();

  public NixosGuestDriver(NixosDriverOptions options, HostKeyStore hostKeys) {
    this.options = options;
    this.connector = new SshConnector(options, hostKeys);
  }

  @Override
  public String name() {
    return "nixos";
  }

  @Override
  public GuestObservation observe(GuestTarget target) {
    try (SshConnection c = connector.open(target)) {
      String hash = installedHash(c);
      CommandResult generation = c.run(options.generationCommand(), options.commandTimeout());
      return new GuestObservation(
          target.vm(), hash, generation.ok() ? generation.stdout().trim() : "", accounts(c));
    }
  }

  @Override
  public ActivationResult apply(GuestTarget target, String hostConfigJson, String configHash) {
    String actual;
    try {
      actual = HostConfigJson.contentHashOf(hostConfigJson);
    } catch (RingmasterException e) {
      throw DriverException.terminal(
          "host config for " + target.vm() + " is not a JSON object: " + e.getMessage(), e);
    }
    if (!actual.equals(configHash)) {
      throw DriverException.terminal(
          "host config for " + target.vm() + " does not match its hash " + configHash, null);
    }
    byte[] content = hostConfigJson.getBytes(StandardCharsets.UTF_8);
    Object lock =
        applying.computeIfAbsent(target.address() + ":" + target.port(), k -> new Object());
    synchronized (lock) {
      try (SshConnection c = connector.open(target)) {
        return new Installation(c, options).run(content);
      }
    }
  }

  /**
   * Runs {@code rm -rf -- '<homeRoot>/<user>'}: a fixed template whose only argument is the quoted
   * path, built from the configured home root and a name checked against the service-user pattern.
   */
  @Override
  public void removeServiceHome(GuestTarget target, String user) {
    String home = ServiceHomes.home(options.homeRoot(), user);
    try (SshConnection c = connector.open(target)) {
      CommandResult r = c.run("rm -rf -- " + SafePaths.quote(home), options.commandTimeout());
      if (!r.ok()) {
        throw DriverException.terminal(
            "cannot remove "
                + home
                + " on "
                + SshConnector.where(target)
                + " (exit "
                + r.exitStatus()
                + "): "
                + r.tail(),
            null);
      }
    }
  }

  private String installedHash(SshConnection c) {
    try (SFTPClient sftp = c.sftp()) {
      FileAttributes attrs = sftp.statExistence(options.configPath());
      if (attrs == null) {
        return null;
      }
      if (attrs.getSize() > MAX_CONFIG_BYTES) {
        return "oversized:" + attrs.getSize();
      }
      return hashOf(read(sftp, options.configPath(), (int) attrs.getSize()));
    } catch (IOException e) {
      throw c.failure("cannot read " + options.configPath(), e);
    }
  }

  private static String hashOf(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      return HostConfigJson.contentHashOf(text);
    } catch (RingmasterException e) {
      return "invalid:" + Derived.sha256Hex(text);
    }
  }

  private static byte[] read(SFTPClient sftp, String path, int size) throws IOException {
    byte[] buf = new byte[size];
    try (RemoteFile f = sftp.open(path)) {
      int done = 0;
      while (done < size) {
        int n = f.read(done, buf, done, size - done);
        if (n < 0) {
          break;
        }
        done += n;
      }
      return done == size ? buf : java.util.Arrays.copyOf(buf, done);
    }
  }

  private List<GuestAccount> accounts(SshConnection c) {
    String passwd = required(c, options.passwdCommand());
    String group = required(c, options.groupCommand());
    return AccountDatabase.parse(passwd, group, options.managedUidMin(), options.managedUidMax());
  }

  private String required(SshConnection c, String command) {
    CommandResult r = c.run(command, options.commandTimeout());
    if (!r.ok()) {
      throw DriverException.transientFailure(
          "observe command `"
              + command
              + "` failed on "
              + SshConnector.where(c.target())
              + " (exit "
              + r.exitStatus()
              + "): "
              + r.tail(),
          null);
    }
    return r.stdout();
  }

  /** Nothing shared needs releasing: connections live for one call. */
  @Override
  public void close() {}
}
