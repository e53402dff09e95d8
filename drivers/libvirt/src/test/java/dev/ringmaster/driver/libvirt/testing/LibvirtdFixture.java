package dev.ringmaster.driver.libvirt.testing;

import dev.ringmaster.driver.libvirt.local.PrivateLibvirtd;
import java.nio.file.Path;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * A real {@code virtlogd} + {@code libvirtd} (QEMU driver) for integration tests, private to one
 * test: a {@link PrivateLibvirtd} (own mount and network namespace, everything in a temporary
 * directory, a dir pool {@link #POOL}, stopped by PID on {@link #close()}). Needs root and the
 * Debian packages {@value PrivateLibvirtd#PACKAGES}. Not thread-safe.
 */
public final class LibvirtdFixture implements AutoCloseable {
  public static final String POOL = PrivateLibvirtd.POOL;

  private final PrivateLibvirtd libvirtd;

  private LibvirtdFixture(PrivateLibvirtd libvirtd) {
    this.libvirtd = libvirtd;
  }

  /** Starts the daemons and waits until they answer; fails with their logs when they don't. */
  public static LibvirtdFixture start() {
    return new LibvirtdFixture(PrivateLibvirtd.start());
  }

  /** See {@link PrivateLibvirtd#startSeeingHostConfig}. */
  public static LibvirtdFixture startSeeingHostConfig(Path hostEtcLibvirt) {
    return new LibvirtdFixture(PrivateLibvirtd.startSeeingHostConfig(hostEtcLibvirt));
  }

  /** {@code qemu:///system} through this instance's socket. */
  public String uri() {
    return libvirtd.uri();
  }

  /** The temporary directory that holds everything of this instance. */
  public Path dir() {
    return libvirtd.dir();
  }

  /** Where the pool {@link #POOL} keeps its volumes. */
  public Path poolPath() {
    return libvirtd.poolPath();
  }

  /** The serial console log of a domain defined with Ringmaster's XML. */
  public Path serialLog(String domain) {
    return libvirtd.serialLog(domain);
  }

  /** A fresh connection to this instance; the caller closes it. */
  public Connect connect() throws LibvirtException {
    return libvirtd.connect();
  }

  /** See {@link PrivateLibvirtd#mountNamespace()}. */
  public List<String> mountNamespace() {
    return libvirtd.mountNamespace();
  }

  /** Runs a command in this instance's namespaces ({@code ip link}, ...). */
  public String inNamespace(String... command) {
    return libvirtd.inNamespace(command);
  }

  /** See {@link PrivateLibvirtd#restartLibvirtd()}. */
  public void restartLibvirtd() {
    libvirtd.restartLibvirtd();
  }

  @Override
  public void close() {
    libvirtd.close();
  }
}
