package dev.ringmaster.driver.libvirt.local;

import dev.ringmaster.model.RingmasterException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * A real {@code virtlogd} + {@code libvirtd} (QEMU driver) private to this process, for benchmarks
 * and integration tests: started in its own mount and network namespace ({@code unshare -m -n})
 * with libvirt's config, state, runtime and log directories bind-mounted from a temporary
 * directory, so several instances (in this process or others) never see each other or the machine's
 * own libvirt, and bridges it creates live only in that namespace. Clients connect through the
 * socket in the temporary directory ({@link #uri()}). A dir storage pool {@link #POOL} is created
 * in the temporary directory. QEMU runs as root without a security driver (the config copy says
 * so). {@link #close()} destroys running domains, stops the daemons by PID and deletes the
 * directory; a JVM shutdown hook does the same if the process exits first.
 *
 * <p>Needs root, {@code unshare}/{@code nsenter} (util-linux) and the Debian packages {@value
 * #PACKAGES}; {@link #start()} says which is missing. Blocking; not thread-safe.
 */
public final class PrivateLibvirtd implements AutoCloseable {
  /** The dir storage pool every instance has. */
  public static final String POOL = "vms";

  /** What {@code apt-get install --no-install-recommends} needs for a private libvirtd. */
  public static final String PACKAGES =
      "libvirt-daemon-system libvirt-daemon-driver-qemu qemu-system-x86 qemu-utils";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final String SCRIPT = "start-libvirtd.sh";

  private final Path dir;
  private final Thread shutdownHook;
  private boolean closed;

  private PrivateLibvirtd(Path dir) {
    this.dir = dir;
    this.shutdownHook = new Thread(this::stopAll, "private-libvirtd-stop");
  }

  /**
   * Starts the daemons and waits until they answer; fails with a {@link RingmasterException} naming
   * what to install when not root or a program is missing, and with the daemon's log when it does
   * not answer.
   */
  public static PrivateLibvirtd start() {
    return start(null);
  }

  /**
   * Like {@link #start()}, but inside the private mount namespace {@code hostEtcLibvirt} is first
   * bind-mounted over {@code /etc/libvirt}, so the daemons start on a machine whose libvirt
   * configuration is that directory. The real {@code /etc/libvirt} is neither read nor changed.
   */
  public static PrivateLibvirtd startSeeingHostConfig(Path hostEtcLibvirt) {
    return start(hostEtcLibvirt);
  }

  private static PrivateLibvirtd start(Path hostEtcLibvirt) {
    checkPrerequisites();
    PrivateLibvirtd instance = new PrivateLibvirtd(createDir());
    Runtime.getRuntime().addShutdownHook(instance.shutdownHook);
    try {
      Path script = instance.dir.resolve(SCRIPT);
      copyScript(script);
      List<String> argv =
          new ArrayList<>(List.of("unshare", "-m", "-n", "--propagation", "private"));
      if (hostEtcLibvirt == null) {
        argv.addAll(List.of("sh", script.toString(), instance.dir.toString()));
      } else {
        argv.addAll(
            List.of(
                "sh",
                "-c",
                "mount --bind \"$1\" /etc/libvirt && exec sh \"$2\" \"$3\"",
                "sh",
                hostEtcLibvirt.toString(),
                script.toString(),
                instance.dir.toString()));
      }
      LocalProcesses.run(START_TIMEOUT, argv);
      instance.awaitAnswer();
      instance.createPool();
      return instance;
    } catch (RuntimeException e) {
      instance.close();
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

  /** The PID of this instance's libvirtd; -1 when it has not written its pid file. */
  public long libvirtdPid() {
    return LocalProcesses.pid(dir.resolve("libvirtd.pid"));
  }

  /**
   * The argv prefix that runs a command in this instance's mount namespace only ({@code nsenter -t
   * PID -m --}): it sees this libvirtd's socket at {@code /run/libvirt/libvirt-sock}, as a process
   * on a real hypervisor would, and the host's network (loopback included).
   */
  public List<String> mountNamespace() {
    return List.of("nsenter", "-t", Long.toString(anchorPid()), "-m", "--");
  }

  /** Runs a command in this instance's namespaces ({@code ip link}, ...). */
  public String inNamespace(String... command) {
    List<String> argv =
        new ArrayList<>(List.of("nsenter", "-t", Long.toString(libvirtdPid()), "-m", "-n", "--"));
    argv.addAll(List.of(command));
    return LocalProcesses.run(Duration.ofSeconds(30), argv);
  }

  /**
   * Stops libvirtd by PID (running domains keep running under QEMU) and starts it again in the same
   * namespaces, then waits until it answers: clients see their connection closed.
   */
  public void restartLibvirtd() {
    LocalProcesses.stop(libvirtdPid(), STOP_GRACE);
    LocalProcesses.run(
        START_TIMEOUT,
        List.of(
            "nsenter",
            "-t",
            Long.toString(anchorPid()),
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
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (or ran) stopAll, which is idempotent
    }
  }

  private synchronized void stopAll() {
    destroyDomains();
    LocalProcesses.stop(libvirtdPid(), STOP_GRACE);
    LocalProcesses.stop(anchorPid(), STOP_GRACE);
    for (Path pidFile : qemuPidFiles()) {
      LocalProcesses.stop(LocalProcesses.pid(pidFile), STOP_GRACE);
    }
    deleteRecursively(dir);
  }

  /** virtlogd: started first in the namespaces and kept across libvirtd restarts. */
  private long anchorPid() {
    return LocalProcesses.pid(dir.resolve("virtlogd.pid"));
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
        if (String.valueOf(e.getMessage()).contains("no connection driver")) {
          throw new RingmasterException(
              "libvirtd has no QEMU driver: install " + PACKAGES + " (" + e.getMessage() + ")");
        }
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
    if (libvirtdPid() <= 0 || LocalProcesses.gone(libvirtdPid())) {
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
      // the daemons are stopped and QEMU killed by PID afterwards either way
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

  /**
   * Fails with a {@link RingmasterException} naming what is missing (root, or a program and the
   * package to install) for {@link #start()}; returns quietly otherwise.
   */
  public static void checkPrerequisites() {
    long uid = uid();
    if (uid != 0) {
      throw new RingmasterException(
          "a private libvirtd needs root (private mount and network namespaces); running as uid "
              + uid);
    }
    List<String> missing = new ArrayList<>();
    for (String program : List.of("libvirtd", "virtlogd", "qemu-system-x86_64")) {
      if (onPath(program).isEmpty()) {
        missing.add(program);
      }
    }
    if (!missing.isEmpty()) {
      throw new RingmasterException(
          "a private libvirtd needs "
              + String.join(", ", missing)
              + " on the PATH: install the Debian packages "
              + PACKAGES
              + " (apt-get install --no-install-recommends)");
    }
    for (String program : List.of("unshare", "nsenter")) {
      if (onPath(program).isEmpty()) {
        throw new RingmasterException(
            "a private libvirtd needs " + program + " on the PATH: install util-linux");
      }
    }
  }

  private static long uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static java.util.Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(":")) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
        return java.util.Optional.of(Path.of(entry, program));
      }
    }
    return java.util.Optional.empty();
  }

  private static Path createDir() {
    try {
      return Files.createTempDirectory(
          "ringmaster-libvirtd-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyScript(Path target) {
    try (InputStream in = PrivateLibvirtd.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SCRIPT);
      }
      Files.copy(in, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path root) {
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
