package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The suite does not depend on the machine's libvirt: a host whose {@code /etc/libvirt} holds a
 * pool, networks and a domain with the suite's own names (autostarted) does not disturb the private
 * libvirtd fixture. The "host" configuration is a copy of the real {@code /etc/libvirt} plus
 * decoys, bind-mounted over {@code /etc/libvirt} only inside the fixture's private mount namespace;
 * the real {@code /etc/libvirt} is checked to be unchanged afterwards.
 */
class HostDecoysIT {
  private static final String HOST = "kvm01";
  private static final String VM = "itvm00";

  @Test
  void fixturePassesWithDecoyDefinitionsOfTheSameNamesOnTheHost(@TempDir Path tmp)
      throws Exception {
    Path realEtc = Path.of("/etc/libvirt");
    String before = snapshot(realEtc);
    Path hostEtc = tmp.resolve("etc-libvirt");
    Daemons.run(
        Duration.ofSeconds(30), List.of("cp", "-a", realEtc + "/.", hostEtc.toString() + "/"));
    writeDecoys(hostEtc, tmp.resolve("decoy-pool"));

    try (LibvirtdFixture libvirtd = LibvirtdFixture.startSeeingHostConfig(hostEtc);
        LibvirtDriver driver =
            new LibvirtDriverFactory()
                .open(TestHypervisors.of(HOST, libvirtd.uri(), LibvirtdFixture.POOL, null))) {
      assertNothingOfTheHost(libvirtd);

      for (NetworkKind kind : NetworkKind.values()) {
        driver.ensureNetwork(
            new NetworkResource(
                HOST, kind, NetworkResource.nameFor(HOST, kind), "br-" + kind.key()));
      }
      driver.ensureVolume(
          new VolumeResource(
              HOST,
              LibvirtdFixture.POOL,
              DiskRole.ROOT.volumeName(VM),
              VM,
              "it-env",
              DiskRole.ROOT,
              Size.mib(16),
              null));
      assertThat(libvirtd.inNamespace("ip", "-br", "link"))
          .contains("br-fe", "br-srv")
          .doesNotContain("br-decoy");
      assertThat(driver.observe().networks())
          .extracting(n -> n.name() + "=" + n.bridge())
          .containsExactlyInAnyOrder("ringmaster-kvm01-fe=br-fe", "ringmaster-kvm01-srv=br-srv");
      assertThat(libvirtd.poolPath().resolve(DiskRole.ROOT.volumeName(VM))).exists();
      assertThat(driver.observe().domains()).isEmpty();
    }
    assertThat(tmp.resolve("decoy-pool")).isEmptyDirectory();
    assertThat(snapshot(realEtc)).isEqualTo(before);
  }

  private static void assertNothingOfTheHost(LibvirtdFixture libvirtd) throws LibvirtException {
    Connect c = libvirtd.connect();
    try {
      assertThat(c.listStoragePools()).containsExactly(LibvirtdFixture.POOL);
      assertThat(c.listDefinedStoragePools()).isEmpty();
      assertThat(c.storagePoolLookupByName(LibvirtdFixture.POOL).getXMLDesc(0))
          .contains(libvirtd.poolPath().toString())
          .doesNotContain("decoy-pool");
      assertThat(c.listDomains()).isEmpty();
      assertThat(c.listDefinedDomains()).isEmpty();
      assertThat(c.listNetworks()).isEmpty();
      assertThat(c.listDefinedNetworks()).isEmpty();

    } finally {
      c.close();
    }
  }

  private static void writeDecoys(Path etc, Path decoyPool) throws IOException {
    Files.createDirectories(decoyPool);
    Path storage = Files.createDirectories(etc.resolve("storage/autostart"));
    Files.writeString(
        etc.resolve("storage/vms.xml"),
        "<pool type='dir'><name>vms</name><target><path>"
            + decoyPool
            + "</path></target></pool>\n");
    Files.createSymbolicLink(storage.resolve("vms.xml"), etc.resolve("storage/vms.xml"));
    Path networks = Files.createDirectories(etc.resolve("qemu/networks/autostart"));
    for (NetworkKind kind : NetworkKind.values()) {
      String name = NetworkResource.nameFor(HOST, kind);
      Path xml = etc.resolve("qemu/networks/" + name + ".xml");
      Files.writeString(
          xml,
          "<network><name>"
              + name
              + "</name><bridge name='br-decoy"
              + kind.key()
              + "'/></network>\n");
      Files.createSymbolicLink(networks.resolve(name + ".xml"), xml);
    }
    Path autostart = Files.createDirectories(etc.resolve("qemu/autostart"));
    Path domain = etc.resolve("qemu/" + VM + ".xml");
    Files.writeString(
        domain,
        "<domain type='qemu'><name>"
            + VM
            + "</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os>"
            + "</domain>\n");
    Files.createSymbolicLink(autostart.resolve(VM + ".xml"), domain);
    Path secrets = Files.createDirectories(etc.resolve("secrets"));
    Files.writeString(
        secrets.resolve("0c0e2d4a-1111-4c3b-9d7e-000000000001.xml"),
        "<secret ephemeral='no' private='yes'><uuid>0c0e2d4a-1111-4c3b-9d7e-000000000001</uuid>"
            + "</secret>\n");
  }

  /** Every path under {@code root} with its size and modification time, sorted. */
  private static String snapshot(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return String.join(
          "\n",
          walk.map(
                  p -> {
                    try {
                      return p
                          + " "
                          + Files.size(p)
                          + " "
                          + Files.getLastModifiedTime(p).toMillis();
                    } catch (IOException e) {
                      return p + " ?";
                    }
                  })
              .sorted()
              .toList());
    }
  }
}
