package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** The SPI contract against a real libvirtd with the QEMU driver (TCG), private to this class. */
class LibvirtDriverContractIT extends HypervisorDriverContract {
  private static final String FOREIGN_DOMAIN = "foreign00";
  private static final String FOREIGN_NETWORK = "foreign-net";
  private static final String FOREIGN_VOLUME = "foreign-image.qcow2";
  private static LibvirtdFixture libvirtd;

  @BeforeAll
  static void startLibvirtd() throws LibvirtException {
    libvirtd = LibvirtdFixture.start();
    Connect c = libvirtd.connect();
    try {
      c.domainDefineXML(
          "<domain type='qemu'><name>"
              + FOREIGN_DOMAIN
              + "</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>");
      c.networkDefineXML(
          "<network><name>" + FOREIGN_NETWORK + "</name><bridge name='brforeign'/></network>");
      c.storagePoolLookupByName(LibvirtdFixture.POOL)
          .storageVolCreateXML(VolumeXml.of(FOREIGN_VOLUME, 1 << 20, "qcow2"), 0);
    } finally {
      c.close();
    }
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Override
  protected HypervisorDriver connect(String host) {
    return new LibvirtDriverFactory()
        .open(TestHypervisors.of(host, libvirtd.uri(), LibvirtdFixture.POOL, null));
  }

  @Override
  protected String pool() {
    return LibvirtdFixture.POOL;
  }

  @Override
  protected String foreignDomain() {
    return FOREIGN_DOMAIN;
  }

  @Override
  protected String foreignNetwork() {
    return FOREIGN_NETWORK;
  }

  @Override
  protected String foreignVolume() {
    return FOREIGN_VOLUME;
  }
}
