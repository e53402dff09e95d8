package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorDriverFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibvirtDriverFactoryTest {
  private final LibvirtDriverFactory factory = new LibvirtDriverFactory();

  @ParameterizedTest
  @CsvSource({
    "test:///default, true",
    "qemu:///system, true",
    "qemu+ssh://root@kvm01/system, true",
    "qemu+libssh://root@kvm01:2222/system?keyfile=k&known_hosts=f&sshauth=privkey, true",
    "qemu+tcp://kvm01/system, true",
    "vbox:///session, false",
    "http://kvm01/, false",
    "qemu, false"
  })
  void acceptsLibvirtUris(String uri, boolean accepted) {
    assertThat(factory.accepts(uri)).isEqualTo(accepted);
  }

  @Test
  void isFoundByTheServiceLoader() {
    assertThat(ServiceLoader.load(HypervisorDriverFactory.class))
        .anyMatch(f -> f.name().equals("libvirt") && f.accepts("test:///default"));
  }

  @Test
  void unreachableHypervisorIsRetryable() {
    assertThatThrownBy(
            () ->
                factory.connect(
                    TestHypervisors.of(
                        "kvm09", "qemu:///system?socket=/nonexistent/sock", "vms", null)))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("kvm09");
  }
}
