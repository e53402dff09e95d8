package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.libvirt.Stream;

/**
 * One VM through its whole life on a real libvirtd: bridges in the fixture's namespace, qcow2
 * volumes in a dir pool, a TCG domain booting a busybox guest by direct kernel boot, a live root
 * disk grow, a persistent memory change, graceful ACPI shutdown, deletion.
 */
class LibvirtDriverIT {
  private static final String HOST = "kvm01";
  private static final String VM = "itvm00";
  private static final Duration BOOT = Duration.ofSeconds(120);
  private static LibvirtdFixture libvirtd;
  private static LibvirtDriver driver;

  @BeforeAll
  static void start() {
    libvirtd = LibvirtdFixture.start();
    GuestImage guest = GuestImage.prepare(libvirtd.dir());
    driver =
        new LibvirtDriverFactory()
            .open(
                TestHypervisors.of(HOST, libvirtd.uri(), LibvirtdFixture.POOL, guest.directBoot()));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.close();
    }
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void oneVmFromCreationToDeletion() throws Exception {
    createNetworks();
    createVolumes();
    writeSeedThroughTheStorageApi();
    defineAndBoot();
    seedIsAttachedReadOnly();
    growRootDiskWhileRunning();
    changeMemoryOfRunningDomain();
    observeInSteadyStateWithBulkCalls();
    shutDownGracefully();
    growSwapWhileShutOff();
    deleteEverything();
  }

  private void createNetworks() {
    for (NetworkKind kind : NetworkKind.values()) {
      driver.ensureNetwork(network(kind));
    }
    assertThat(libvirtd.inNamespace("ip", "-br", "link")).contains("br-fe", "br-srv");
    assertThat(driver.observe().networks())
        .filteredOn(n -> n.owned())
        .extracting(n -> n.name() + "=" + n.bridge() + "," + n.active())
        .containsExactlyInAnyOrder(
            "ringmaster-kvm01-fe=br-fe,true", "ringmaster-kvm01-srv=br-srv,true");
  }

  private void createVolumes() {
    driver.ensureVolume(volume(DiskRole.ROOT, Size.mib(64)));
    driver.ensureVolume(volume(DiskRole.SWAP, Size.mib(32)));
    driver.ensureVolume(volume(DiskRole.TMP, Size.mib(32)));
    assertThat(volume(DiskRole.ROOT.volumeName(VM)).orElseThrow().capacity())
        .isEqualTo(Size.mib(64));
    assertThat(libvirtd.poolPath().resolve(DiskRole.ROOT.volumeName(VM))).exists();
  }

  private void writeSeedThroughTheStorageApi() throws LibvirtException {
    String name = DiskRole.SEED.volumeName(VM);
    byte[] first = pattern(1024 * 1024, 7);
    driver.writeSeed(LibvirtdFixture.POOL, name, first);
    assertThat(download(name)).isEqualTo(first);
    byte[] second = pattern(1024 * 1024 - 512, 11);
    driver.writeSeed(LibvirtdFixture.POOL, name, second);
    assertThat(download(name)).as("a rewrite replaces the volume").isEqualTo(second);
    assertThat(volume(name).orElseThrow().capacity().bytes()).isEqualTo(second.length);
    driver.writeSeed(LibvirtdFixture.POOL, name, first);
    assertThat(download(name)).isEqualTo(first);
  }

  private void seedIsAttachedReadOnly() throws LibvirtException {
    Connect c = libvirtd.connect();
    try {
      String xml = c.domainLookupByName(VM).getXMLDesc(0);
      String seedDisk =
          xml.substring(
              xml.lastIndexOf("<disk", xml.indexOf(DiskRole.SEED.volumeName(VM))),
              xml.indexOf("</disk>", xml.indexOf(DiskRole.SEED.volumeName(VM))));
      assertThat(seedDisk).contains("<readonly/>", "type='raw'", "dev='vdd'");
    } finally {
      c.close();
    }
  }

  private static byte[] pattern(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * seed + i / 4096);
    }
    return b;
  }

  private static byte[] download(String name) throws LibvirtException {
    Connect c = libvirtd.connect();
    try {
      StorageVol vol = c.storagePoolLookupByName(LibvirtdFixture.POOL).storageVolLookupByName(name);
      long size = vol.getInfo().capacity;
      Stream stream = c.streamNew(0);
      vol.download(stream, 0, size, 0);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      for (int n = stream.receive(buf); n > 0; n = stream.receive(buf)) {
        out.write(buf, 0, n);
      }
      stream.finish();
      stream.free();
      vol.free();
      return out.toByteArray();
    } finally {
      c.close();
    }
  }

  private void defineAndBoot() throws Exception {
    driver.defineDomain(domain(Size.mib(128)));
    driver.startDomain(VM);
    ObservedDomain seen = domain().orElseThrow();
    assertThat(seen.state()).isEqualTo(DomainState.RUNNING);
    assertThat(seen.attributes()).containsEntry("memory", "128MiB").containsEntry("cores", "1");
    awaitSerialLine(GuestImage.MARKER);
  }

  private void growRootDiskWhileRunning() {
    driver.ensureVolume(volume(DiskRole.ROOT, Size.mib(128)));
    assertThat(volume(DiskRole.ROOT.volumeName(VM)).orElseThrow().capacity())
        .isEqualTo(Size.mib(128));
    assertThat(domain().orElseThrow().state()).isEqualTo(DomainState.RUNNING);
  }

  private void changeMemoryOfRunningDomain() throws LibvirtException {
    driver.defineDomain(domain(Size.mib(192)));
    ObservedDomain seen = domain().orElseThrow();
    assertThat(seen.state()).isEqualTo(DomainState.RUNNING);
    assertThat(seen.memory()).as("observe reports the persistent config").isEqualTo(Size.mib(192));
    Connect c = libvirtd.connect();
    try {
      assertThat(c.domainLookupByName(VM).getInfo().maxMem)
          .as("the running guest keeps its memory until the next boot")
          .isEqualTo(128 * 1024);
    } finally {
      c.close();
    }
  }

  private void observeInSteadyStateWithBulkCalls() {
    HypervisorObservation first = driver.observe();
    long before = driver.calls();
    HypervisorObservation second = driver.observe();
    assertThat(driver.calls() - before).isEqualTo(7);
    assertThat(second.domains()).containsExactlyInAnyOrderElementsOf(first.domains());
  }

  private void shutDownGracefully() throws Exception {
    driver.shutdownDomain(VM, BOOT);
    assertThat(domain().orElseThrow().state()).isEqualTo(DomainState.SHUTOFF);
    assertThat(serialLog()).as("the guest powered itself off").contains(GuestImage.POWEROFF_MARKER);
  }

  private void growSwapWhileShutOff() {
    driver.ensureVolume(volume(DiskRole.SWAP, Size.mib(48)));
    assertThat(volume(DiskRole.SWAP.volumeName(VM)).orElseThrow().capacity())
        .isEqualTo(Size.mib(48));
  }

  private void deleteEverything() {
    driver.deleteDomain(VM, BOOT);
    driver.deleteDomain(VM, BOOT);
    assertThat(domain()).isEmpty();
    for (DiskRole role : DiskRole.values()) {
      assertThat(volume(role.volumeName(VM))).as("volumes outlive their domain").isPresent();
      driver.deleteVolume(LibvirtdFixture.POOL, role.volumeName(VM));
      assertThat(volume(role.volumeName(VM))).isEmpty();
      assertThat(libvirtd.poolPath().resolve(role.volumeName(VM))).doesNotExist();
    }
    for (NetworkKind kind : NetworkKind.values()) {
      driver.deleteNetwork(NetworkResource.nameFor(HOST, kind));
    }
    assertThat(libvirtd.inNamespace("ip", "-br", "link")).doesNotContain("br-fe", "br-srv");
  }

  private void awaitSerialLine(String line) throws Exception {
    long deadline = System.nanoTime() + BOOT.toNanos();
    while (!serialLog().contains(line)) {
      assertThat(System.nanoTime())
          .as("guest printed %s within %s; console so far:%n%s", line, BOOT, serialLog())
          .isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private String serialLog() throws IOException {
    Path log = libvirtd.serialLog(VM);
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  private static Optional<ObservedDomain> domain() {
    return driver.observe().domains().stream().filter(d -> d.name().equals(VM)).findFirst();
  }

  private static Optional<ObservedVolume> volume(String name) {
    return driver.observe().volumes().stream().filter(v -> v.name().equals(name)).findFirst();
  }

  private static NetworkResource network(NetworkKind kind) {
    return new NetworkResource(HOST, kind, NetworkResource.nameFor(HOST, kind), "br-" + kind.key());
  }

  private static VolumeResource volume(DiskRole role, Size capacity) {
    return new VolumeResource(
        HOST, LibvirtdFixture.POOL, role.volumeName(VM), VM, "it-env", role, capacity, null);
  }

  private static DomainResource domain(Size memory) {
    List<DomainResource.Disk> disks =
        Arrays.stream(DiskRole.values())
            .map(r -> new DomainResource.Disk(r, LibvirtdFixture.POOL, r.volumeName(VM)))
            .toList();
    List<DomainResource.Nic> nics =
        List.of(
            new DomainResource.Nic(
                NetworkKind.FE, NetworkResource.nameFor(HOST, NetworkKind.FE), "52:54:00:02:00:01"),
            new DomainResource.Nic(
                NetworkKind.SRV,
                NetworkResource.nameFor(HOST, NetworkKind.SRV),
                "52:54:00:03:00:01"));
    return new DomainResource(
        HOST,
        VM,
        UUID.nameUUIDFromBytes(("domain/" + HOST + "/" + VM).getBytes(StandardCharsets.UTF_8)),
        "it-env",
        memory,
        1,
        disks,
        nics,
        true,
        "hash-" + memory);
  }
}
