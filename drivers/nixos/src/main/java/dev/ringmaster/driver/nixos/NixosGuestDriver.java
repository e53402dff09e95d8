package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.ActivationResult;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
  private final GuestPlatform platform;
  private final ConcurrentMap<String, Object> applying = new ConcurrentHashMap<>();

  private final BootWait boot;

  /** A driver that observes the platform attributes ({@link GuestPlatform#OBSERVED}). */
  public NixosGuestDriver(NixosDriverOptions options, HostKeyStore hostKeys) {
    this(options, hostKeys, BootWait.DEFAULT_TIMEOUT, GuestPlatform.OBSERVED);
  }

  /**
   * @param bootTimeout how long {@link #awaitBoot} waits for a freshly created guest's SSH
   */
  public NixosGuestDriver(NixosDriverOptions options, HostKeyStore hostKeys, Duration bootTimeout) {
    this(options, hostKeys, bootTimeout, GuestPlatform.OBSERVED);
  }

  /**
   * @param bootTimeout how long {@link #awaitBoot} waits for a freshly created guest's SSH
   * @param platform whether the platform attributes (swap, /tmp, firewall) are observed
   */
  public NixosGuestDriver(
      NixosDriverOptions options,
      HostKeyStore hostKeys,
      Duration bootTimeout,
      GuestPlatform platform) {
    this.options = options;
    this.connector = new SshConnector(options, hostKeys);
    this.boot = new BootWait(connector, bootTimeout);
    this.platform = platform;
  }

  @Override
  public void awaitBoot(GuestTarget target) {
    boot.await(target);
  }

  @Override
  public String name() {
    return "nixos";
  }

  /**
   * Reads the installed file over SFTP, everything else with one command ({@link ObserveScript}).
   */
  @Override
  public GuestObservation observe(GuestTarget target) {
    try (SshConnection c = connector.open(target)) {
      String hash = installedHash(c);
      ObserveScript.Output out = ObserveScript.run(c, options, platform);
      return new GuestObservation(
          target.vm(),
          hash,
          out.generation(),
          AccountDatabase.parse(
              out.passwd(), out.group(), options.managedUidMin(), options.managedUidMax()),
          platform.observed()
              ? GuestPlatform.parse(out.platform())
              : java.util.Collections.emptySortedMap());
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

  /** Nothing shared needs releasing: connections live for one call. */
  @Override
  public void close() {}
}
