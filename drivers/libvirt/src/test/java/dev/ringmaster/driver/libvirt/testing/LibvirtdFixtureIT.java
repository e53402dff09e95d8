package dev.ringmaster.driver.libvirt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.Network;

class LibvirtdFixtureIT {
  @Test
  void twoInstancesAreIsolatedAndLeaveNothingBehind() throws LibvirtException {
    long first;
    Path firstDir;
    try (LibvirtdFixture a = LibvirtdFixture.start();
        LibvirtdFixture b = LibvirtdFixture.start()) {
      startBridge(a, "same-name");
      startBridge(b, "same-name");
      assertThat(a.inNamespace("ip", "-br", "link")).contains("brsame");
      assertThat(b.inNamespace("ip", "-br", "link")).contains("brsame");
      assertThat(
              Daemons.run(java.time.Duration.ofSeconds(10), java.util.List.of("ip", "-br", "link")))
          .doesNotContain("brsame");
      first = Daemons.pid(a.dir().resolve("libvirtd.pid"));
      firstDir = a.dir();
    }
    assertThat(Daemons.gone(first)).isTrue();
    assertThat(firstDir).doesNotExist();
  }

  private static void startBridge(LibvirtdFixture f, String name) throws LibvirtException {
    Connect c = f.connect();
    try {
      Network n =
          c.networkDefineXML("<network><name>" + name + "</name><bridge name='brsame'/></network>");
      n.create();
    } finally {
      c.close();
    }
  }
}
