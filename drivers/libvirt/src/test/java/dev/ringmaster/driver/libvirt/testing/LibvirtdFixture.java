package dev.ringmaster.driver.libvirt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * A real {@code virtlogd} + {@code libvirtd} (QEMU driver) for integration tests, private to one
 * test: started in its own mount and network namespace ({@code unshare -m -n}) with libvirt's
 * config, state, runtime and log directories bind-mounted from a temporary directory, so several
 * instances (other test processes, other modules) never see each other, and bridges it creates live
 * only in that namespace. Clients connect through the socket in the temporary directory ({@link
 * #uri()}). A dir storage pool {@link #POOL} is created in the temporary directory. QEMU runs as
 * root without a security driver (the config copy says so). {@link #close()} destroys running
 * domains, stops the daemons by PID and deletes the directory. Needs root, {@code unshare} and the
 * Debian packages libvirt-daemon-system, libvirt-daemon-driver-qemu, qemu-system-x86, qemu-utils.
 * Not thread-safe.
 */
public final class LibvirtdFixture implements AutoCloseable {
  public static final String POOL = "vms";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final Path dir;

  private LibvirtdFixture(Path dir) {
    this.dir = dir;
  }

  /** Starts the daemons and waits until they answer; fails with their logs when they don't. */
  public static LibvirtdFixture start() {
    return start(null);
  }

  /**
   * Like {@link #start()}, but inside the fixture's private mount namespace {@code hostEtcLibvirt}
   * is first bind-mounted over {@code /etc/libvirt}, so the daemons start on a machine whose
   * libvirt configuration is that directory. The real {@code /etc/libvirt} is neither read nor
   * changed. For tests that prove the fixture does not depend on the host's libvirt definitions.
   */
  public static LibvirtdFixture startSeeingHostConfig(Path hostEtcLibvirt) {
    return start(hostEtcLibvirt);
  }

  private static LibvirtdFixture start(Path hostEtcLibvirt) {
    Path dir = createDir();
    LibvirtdFixture fixture = new LibvirtdFixture(dir);
    try {
      Path script = dir.resolve("start-libvirtd.sh");
      copyResource("start-libvirtd.sh", script);
      List<String> argv =
          new java.util.ArrayList<>(List.of("unshare", "-m", "-n", "--propagation", "private"));
      if (hostEtcLibvirt == null) {
        argv.addAll(List.of("sh", script.toString(), dir.toString()));
      } else {
        argv.addAll(
            List.of(
                "sh",
                "-c",
                "mount --bind \"$1\" /etc/libvirt && exec sh \"$2\" \"$3\"",
                "sh",
                hostEtcLibvirt.toString(),
                script.toString(),
                dir.toString()));
      }
      Daemons.run(START_TIMEOUT, argv);
      fixture.awaitAnswer();
      fixture.createPool();
      return fixture;
    } catch (RuntimeException e) {
      fixture.close();
      throw e;
    }
  }

  /** {@code qemu:///system} through this instance's socket. */
  public String uri() {
    return "qemu:///system?socket=" + dir.resolve("run/libvirt-sock");
  }

  /** The temporary directory that holds everything of this instance. */
  public Path dir() {
    return dir;
  }

  /** Where the pool {@link #POOL} keeps its volumes. */
  public Path poolPath() {
    return dir.resolve("pool");
  }

  /** The serial console log of a domain defined with Ringmaster's XML. */
  public Path serialLog(String domain) {
    return dir.resolve("log/qemu/" + domain + "-serial.log");
  }

  /** A fresh connection to this instance; the caller closes it. */
  public Connect connect() throws LibvirtException {
    return new Connect(uri());
  }

  /**
   * The argv prefix that runs a command in this instance's mount namespace only ({@code nsenter -t
   * PID -m --}): it sees this libvirtd's socket at {@code /run/libvirt/libvirt-sock}, as a process
   * on a real hypervisor would, and the host's network (loopback included).
   */
  public List<String> mountNamespace() {
    long anchor = Daemons.pid(dir.resolve("virtlogd.pid"));
    return List.of("nsenter", "-t", Long.toString(anchor), "-m", "--");
  }

  /** Runs a command in this instance's namespaces ({@code ip link}, ...). */
  public String inNamespace(String... command) {
    List<String> argv =
        new java.util.ArrayList<>(
            List.of("nsenter", "-t", Long.toString(libvirtdPid()), "-m", "-n", "--"));
    argv.addAll(List.of(command));
    return Daemons.run(Duration.ofSeconds(30), argv);
  }

  /**
   * Stops libvirtd by PID (running domains keep running under QEMU) and starts it again in the same
   * namespaces, then waits until it answers: clients see their connection closed.
   */
  public void restartLibvirtd() {
    Daemons.stop(libvirtdPid(), STOP_GRACE);
    long anchor = Daemons.pid(dir.resolve("virtlogd.pid"));
    Daemons.run(
        START_TIMEOUT,
        List.of(
            "nsenter",
            "-t",
            Long.toString(anchor),
            "-m",
            "-n",
            "--",
            "libvirtd",
            "-d",
            "-p",
            dir.resolve("libvirtd.pid").toString()));
    awaitAnswer();
  }

  @Override
  public void close() {
    destroyDomains();
    Daemons.stop(libvirtdPid(), STOP_GRACE);
    Daemons.stop(Daemons.pid(dir.resolve("virtlogd.pid")), STOP_GRACE);
    for (Path pidFile : qemuPidFiles()) {
      Daemons.stop(Daemons.pid(pidFile), STOP_GRACE);
    }
    deleteRecursively(dir);
  }

  private long libvirtdPid() {
    return Daemons.pid(dir.resolve("libvirtd.pid"));
  }

  private void awaitAnswer() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    LibvirtException last = null;
    while (System.nanoTime() < deadline) {
      try {
        Connect c = connect();
        c.getVersion();
        c.close();
        return;
      } catch (LibvirtException e) {
        last = e;
        sleep(200);
      }
    }
    throw new IllegalStateException(
        "libvirtd in " + dir + " did not answer within " + START_TIMEOUT + ": " + logs(), last);
  }

  private void createPool() {
    String xml =
        "<pool type='dir'><name>"
            + POOL
            + "</name><target><path>"
            + poolPath()
            + "</path></target></pool>";
    try {
      Connect c = connect();
      try {
        StoragePool pool = c.storagePoolDefineXML(xml, 0);
        pool.create(0);
      } finally {
        c.close();
      }
    } catch (LibvirtException e) {
      throw new IllegalStateException("cannot create pool in " + dir, e);
    }
  }

  private void destroyDomains() {
    if (libvirtdPid() <= 0 || Daemons.gone(libvirtdPid())) {
      return;
    }
    try {
      Connect c = connect();
      try {
        for (int id : c.listDomains()) {
          Domain d = c.domainLookupByID(id);
          d.destroy();
        }
      } finally {
        c.close();
      }
    } catch (LibvirtException e) {
      // the daemons are stopped and QEMU killed by PID below either way
    }
  }

  private List<Path> qemuPidFiles() {
    Path run = dir.resolve("run/qemu");
    if (!Files.isDirectory(run)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(run)) {
      return files.filter(p -> p.toString().endsWith(".pid")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private String logs() {
    Path log = dir.resolve("log/libvirtd.log");
    try {
      return Files.exists(log) ? Files.readString(log) : "(no libvirtd.log)";
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static Path createDir() {
    try {
      Path dir =
          Files.createTempDirectory(
              "ringmaster-libvirtd-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyResource(String name, Path target) {
    try (InputStream in = LibvirtdFixture.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      Files.copy(in, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
