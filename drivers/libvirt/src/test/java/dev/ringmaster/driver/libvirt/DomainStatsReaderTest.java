package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.libvirt.DomainStatsReader.DomainStats;
import dev.ringmaster.driver.spi.DriverException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bulk statistics call through JNA on libvirt's {@code test:///default} (which reports only the
 * state group: the rest reads 0); the real groups are covered against QEMU by the daemon's
 * Prometheus test.
 */
class DomainStatsReaderTest {
  @Test
  void readsEveryDomainInOneCall() {
    try (DomainStatsReader reader = new DomainStatsReader("kvm01", "test:///default")) {
      List<DomainStats> stats = reader.read();
      assertThat(stats).extracting(DomainStats::name).containsExactly("test");
      assertThat(stats.get(0).state()).isEqualTo(1);
      assertThat(reader.read()).hasSize(1);
    }
  }

  @Test
  void anUnreachableHypervisorIsADriverErrorNamingIt() {
    try (DomainStatsReader reader =
        new DomainStatsReader("kvm09", "qemu:///system?socket=/nonexistent/libvirt-sock")) {
      assertThatThrownBy(reader::read)
          .isInstanceOf(DriverException.class)
          .hasMessageContaining("kvm09");
    }
  }
}
