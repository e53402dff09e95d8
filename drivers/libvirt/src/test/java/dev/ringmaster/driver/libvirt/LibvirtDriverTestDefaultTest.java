package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverContract;
import dev.ringmaster.driver.spi.HypervisorObservation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The SPI contract against libvirt's embedded {@code test:///default} driver, plus what is special
 * about it: all connections of one process share its state.
 */
class LibvirtDriverTestDefaultTest extends HypervisorDriverContract {
  private static final String URI = "test:///default";
  private static final String FOREIGN_VOLUME = "foreign-image.qcow2";

  @BeforeAll
  static void createForeignVolume() throws LibvirtException {
    Connect c = new Connect(URI);
    try {
      var pool = c.storagePoolLookupByName("default-pool");
      if (!java.util.List.of(pool.listVolumes()).contains(FOREIGN_VOLUME)) {
        pool.storageVolCreateXML(VolumeXml.of(FOREIGN_VOLUME, 1 << 20, "qcow2"), 0);
      }
    } finally {
      c.close();
    }
  }

  @Override
  protected HypervisorDriver connect(String host) {
    return new LibvirtDriverFactory().open(TestHypervisors.of(host, URI, "default-pool", null));
  }

  @Override
  protected String pool() {
    return "default-pool";
  }

  @Override
  protected String foreignDomain() {
    return "test";
  }

  @Override
  protected String foreignNetwork() {
    return "default";
  }

  @Override
  protected String foreignVolume() {
    return FOREIGN_VOLUME;
  }

  @Test
  void twoConnectionsInOneProcessShareState() {
    try (HypervisorDriver other = connect(host())) {
      driver.ensureVolume(
          volume(dev.ringmaster.driver.spi.DiskRole.SWAP, dev.ringmaster.model.Size.mib(8)));
      HypervisorObservation seen = other.observe();
      assertThat(seen.volumes())
          .anyMatch(v -> v.name().equals(dev.ringmaster.driver.spi.DiskRole.SWAP.volumeName(vm())));
      driver.deleteVolume(pool(), dev.ringmaster.driver.spi.DiskRole.SWAP.volumeName(vm()));
    }
  }

  @Test
  void steadyStateObserveMakesOneCallPerListingPlusOnePerVolume() {
    LibvirtDriver d = (LibvirtDriver) driver;
    HypervisorObservation first = d.observe();
    long before = d.calls();
    d.observe();
    long perPass = d.calls() - before;
    assertThat(perPass).isEqualTo(7 + first.volumes().size());
  }
}
