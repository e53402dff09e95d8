package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverContract;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.model.Size;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
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

  /**
   * Held open for the whole class: libvirt frees the test driver's state when its last connection
   * closes, so without it the foreign volume would vanish or survive depending on which other test
   * class of this JVM still holds a connection.
   */
  private static Connect keepAlive;

  @BeforeAll
  static void createForeignVolume() throws LibvirtException {
    keepAlive = new Connect(URI);
    var pool = keepAlive.storagePoolLookupByName("default-pool");
    if (!java.util.List.of(pool.listVolumes()).contains(FOREIGN_VOLUME)) {
      pool.storageVolCreateXML(VolumeXml.of(FOREIGN_VOLUME, 1 << 20, "qcow2"), 0);
    }
  }

  @AfterAll
  static void release() throws LibvirtException {
    keepAlive.close();
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
  void outOfBandEditsAreSeenAfterARefresh() throws LibvirtException {
    LibvirtDriver d = (LibvirtDriver) driver;
    DomainResource domain = domain(Size.mib(64));
    d.defineDomain(domain);
    assertThat(observedDomain(domain.name()).orElseThrow().memory()).isEqualTo(Size.mib(64));
    Connect c = new Connect(URI);
    try {
      String xml = c.domainLookupByName(domain.name()).getXMLDesc(0);
      c.domainDefineXML(
          xml.replaceAll("<memory unit='KiB'>\\d+</memory>", "<memory unit='KiB'>131072</memory>"));
    } finally {
      c.close();
    }
    assertThat(observedDomain(domain.name()).orElseThrow().memory())
        .as("cached until a refresh")
        .isEqualTo(Size.mib(64));
    d.refresh();
    assertThat(observedDomain(domain.name()).orElseThrow().memory()).isEqualTo(Size.mib(128));
    d.deleteDomain(domain.name(), Duration.ofSeconds(5));
  }

  @Test
  void steadyStateObserveMakesSevenCallsWhateverTheNumberOfObjects() {
    LibvirtDriver d = (LibvirtDriver) driver;
    d.observe();
    long before = d.calls();
    HypervisorObservation second = d.observe();
    assertThat(second.volumes()).isNotEmpty();
    assertThat(d.calls() - before).isEqualTo(7);
    d.refresh();
    before = d.calls();
    d.observe();
    assertThat(d.calls() - before)
        .as("after a refresh every volume's size is read again")
        .isEqualTo(
            7 + second.volumes().size() + second.domains().size() + second.networks().size());
  }
}
