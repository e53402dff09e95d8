package dev.ringmaster.driver.libvirt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.LibvirtDriver;
import dev.ringmaster.driver.libvirt.LibvirtDriverFactory;
import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.driver.spi.RestoreDriver;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * A private libvirtd ({@link LibvirtdFixture}) with a libvirt driver for host {@value #HOST} and a
 * directory backup pool {@value #BACKUPS}, for the backup and restore tests of one VM: its volumes
 * and domain, its backups, and qemu-io on its disks. A JUnit extension: register it in a static
 * {@code @RegisterExtension} field; it starts before the class's tests and stops after them.
 */
public final class BackupFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final String HOST = "kvm01";
  public static final String BACKUPS = "backups";
  public static final Duration BOOT = Duration.ofSeconds(180);

  /** How the guest boots; may put its root disk into the VM pool first. */
  @FunctionalInterface
  public interface Boot {
    Hypervisor.DirectBoot prepare(LibvirtdFixture libvirtd) throws Exception;
  }

  private final String vm;
  private final Boot boot;
  private LibvirtdFixture libvirtd;
  private LibvirtDriver driver;

  private BackupFixture(String vm, Boot boot) {
    this.vm = vm;
    this.boot = boot;
  }

  /** One for {@code vm}, booting the Debian test guest ({@link GuestImage}). */
  public static BackupFixture forVm(String vm) {
    return forVm(vm, l -> GuestImage.prepare(l.dir()).directBoot());
  }

  public static BackupFixture forVm(String vm, Boot boot) {
    return new BackupFixture(vm, boot);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    libvirtd = LibvirtdFixture.start();
    driver =
        new LibvirtDriverFactory()
            .open(
                new Hypervisor(
                    HOST,
                    libvirtd.uri(),
                    LibvirtdFixture.POOL,
                    null,
                    new Hypervisor.Bridges("br-fe", "br-srv"),
                    new Hypervisor.Capacity(Size.gib(8), 4),
                    "qemu",
                    boot.prepare(libvirtd),
                    null,
                    null));
    createBackupPool();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void createBackupPool() throws Exception {
    Connect c = libvirtd.connect();
    try {
      StoragePool pool =
          c.storagePoolDefineXML(
              "<pool type='dir'><name>"
                  + BACKUPS
                  + "</name><target><path>"
                  + backupDir()
                  + "</path></target></pool>",
              0);
      pool.build(0);
      pool.create(0);
      pool.free();
    } finally {
      c.close();
    }
  }

  public LibvirtdFixture libvirtd() {
    return libvirtd;
  }

  public LibvirtDriver driver() {
    return driver;
  }

  public BackupDriver backups() {
    return driver.backups().orElseThrow();
  }

  public RestoreDriver restores() {
    return driver.restores().orElseThrow();
  }

  /** The backup pool's directory. */
  public Path backupDir() {
    return libvirtd.dir().resolve("backups");
  }

  /** The data volume of the VM's backup taken at {@code at}. */
  public Path data(Instant at) {
    return backupDir().resolve(BackupNames.data(HOST, vm, at));
  }

  /** The VM's root disk. */
  public Path root() {
    return libvirtd.poolPath().resolve(DiskRole.ROOT.volumeName(vm));
  }

  /** A backup of the VM's root disk into {@value #BACKUPS}. */
  public ObservedBackup take(Instant at) {
    return backups().take(BACKUPS, vm, LibvirtdFixture.POOL, DiskRole.ROOT.volumeName(vm), at);
  }

  /** Restores the VM's root disk from its backup taken at {@code at}. */
  public void restore(Instant at) {
    restores().restoreRoot(BACKUPS, vm, at, LibvirtdFixture.POOL, DiskRole.ROOT.volumeName(vm));
  }

  /** The host's networks of every kind. */
  public void ensureNetworks() {
    for (NetworkKind kind : NetworkKind.values()) {
      driver.ensureNetwork(
          new NetworkResource(HOST, kind, NetworkResource.nameFor(HOST, kind), "br-" + kind.key()));
    }
  }

  /** The VM's root, swap and tmp volumes, each of {@code size}. */
  public void ensureVolumes(Size size) {
    for (DiskRole role : List.of(DiskRole.ROOT, DiskRole.SWAP, DiskRole.TMP)) {
      driver.ensureVolume(
          new VolumeResource(
              HOST, LibvirtdFixture.POOL, role.volumeName(vm), vm, "it-env", role, size, null));
    }
  }

  /**
   * The VM's domain: 128 MiB, one vCPU, its root, swap and tmp volumes, a NIC on each network whose
   * MAC ends in {@code macSuffix} (e.g. {@code "07"}).
   */
  public DomainResource domain(String macSuffix) {
    List<DomainResource.Disk> disks =
        List.of(DiskRole.ROOT, DiskRole.SWAP, DiskRole.TMP).stream()
            .map(r -> new DomainResource.Disk(r, LibvirtdFixture.POOL, r.volumeName(vm)))
            .toList();
    return domain(Size.mib(128), disks, macSuffix);
  }

  /** The VM's domain with {@code memory} and {@code disks}; see {@link #domain(String)}. */
  public DomainResource domain(Size memory, List<DomainResource.Disk> disks, String macSuffix) {
    List<DomainResource.Nic> nics =
        List.of(
            new DomainResource.Nic(
                NetworkKind.FE,
                NetworkResource.nameFor(HOST, NetworkKind.FE),
                "52:54:00:02:00:" + macSuffix),
            new DomainResource.Nic(
                NetworkKind.SRV,
                NetworkResource.nameFor(HOST, NetworkKind.SRV),
                "52:54:00:03:00:" + macSuffix));
    return new DomainResource(
        HOST,
        vm,
        UUID.nameUUIDFromBytes(("domain/" + HOST + "/" + vm).getBytes(StandardCharsets.UTF_8)),
        "it-env",
        memory,
        1,
        disks,
        nics,
        true,
        "hash");
  }

  /** Waits up to {@link #BOOT} for {@code line} on the VM's serial console. */
  public void awaitSerialLine(String line) throws Exception {
    long deadline = System.nanoTime() + BOOT.toNanos();
    while (!serialLog().contains(line)) {
      assertThat(System.nanoTime())
          .as("guest printed %s within %s; console so far:%n%s", line, BOOT, serialLog())
          .isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  public String serialLog() throws IOException {
    Path log = libvirtd.serialLog(vm);
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** Refreshes a storage pool so libvirt sees volumes written behind its back. */
  public void refreshPool(String name) throws Exception {
    refreshPool(libvirtd, name);
  }

  /** Refreshes a storage pool of {@code libvirtd}, e.g. in a {@link Boot} that wrote a disk. */
  public static void refreshPool(LibvirtdFixture libvirtd, String name) throws Exception {
    Connect c = libvirtd.connect();
    try {
      StoragePool pool = c.storagePoolLookupByName(name);
      pool.refresh(0);
      pool.free();
    } finally {
      c.close();
    }
  }

  /** Runs a qemu-io command on an image no one else has open (e.g. a write). */
  public static void qemuIo(Path image, String command) {
    Daemons.run(
        Duration.ofMinutes(1), List.of("qemu-io", "-f", "qcow2", "-c", command, image.toString()));
  }

  /** qemu-io's output for a read-only command on an image that may be in use. */
  public static String qemuIoShared(Path image, String command) {
    return Daemons.run(
        Duration.ofMinutes(1),
        List.of("qemu-io", "-U", "-r", "-f", "qcow2", "-c", command, image.toString()));
  }

  /** Asserts that a qemu-io read with a pattern ({@code read -P ...}) matches. */
  public static void verify(Path image, String command) {
    assertThat(qemuIoShared(image, command))
        .as("%s on %s", command, image)
        .doesNotContain("Pattern verification failed")
        .contains("read");
  }

  /**
   * The monitor's output of a qemu-io command run through the running guest's own disk backend, as
   * the guest would write.
   */
  public String guestIo(String command) {
    return Daemons.run(
        Duration.ofMinutes(1),
        List.of(
            "virsh",
            "-c",
            libvirtd.uri(),
            "qemu-monitor-command",
            vm,
            "--hmp",
            "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \"" + command + "\""));
  }

  @Override
  public void close() {
    if (driver != null) {
      driver.close();
      driver = null;
    }
    if (libvirtd != null) {
      libvirtd.close();
      libvirtd = null;
    }
  }
}
