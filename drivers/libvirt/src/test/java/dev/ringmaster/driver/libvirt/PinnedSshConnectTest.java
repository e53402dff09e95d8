package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Ringmaster adds to a {@code qemu+libssh://} URI, and its refusals before libvirt runs. */
class PinnedSshConnectTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "qemu+libssh://root@kvm02/system|kvm02|22|root|kvm02",
        "qemu+libssh://root@127.0.0.1:2222/system?socket=/x|127.0.0.1|2222|root|[127.0.0.1]:2222",
        "qemu+libssh://[2001:db8::2]:2200/system|2001:db8::2|2200||[2001:db8::2]:2200",
      })
  void readsWhereTheSshTransportConnects(
      String uri, String host, int port, String user, String knownHostsName) {
    SshTarget t = SshTarget.of(uri);
    assertThat(t.host()).isEqualTo(host);
    assertThat(t.port()).isEqualTo(port);
    assertThat(t.user()).isEqualTo(user);
    assertThat(t.knownHostsName()).isEqualTo(knownHostsName);
  }

  @Test
  void addsTheKnownHostsFileVerificationAndRingmastersKey() {
    HypervisorSettings settings =
        new HypervisorSettings(Path.of("/etc/ringmaster/hypervisor key"), null, null);
    assertThat(
            PinnedSshConnect.uri(
                "qemu+libssh://root@kvm02/system", Path.of("/tmp/kh-1.known_hosts"), settings))
        .isEqualTo(
            "qemu+libssh://root@kvm02/system?known_hosts=/tmp/kh-1.known_hosts&no_verify=0"
                + "&keyfile=/etc/ringmaster/hypervisor%20key&sshauth=privkey");
    assertThat(
            PinnedSshConnect.uri(
                "qemu+libssh://root@kvm02/system?socket=/s",
                Path.of("/tmp/kh"),
                HypervisorSettings.defaults()))
        .isEqualTo("qemu+libssh://root@kvm02/system?socket=/s&known_hosts=/tmp/kh&no_verify=0");
  }

  @Test
  void refusesUriFormsThatSkipTheHostCheckBeforeConnecting() {
    LibvirtDriverFactory factory = new LibvirtDriverFactory();
    for (String uri :
        new String[] {"qemu+tcp://127.0.0.1:1/system", "qemu+tls://kvm02/system?no_verify=1"}) {
      assertThatThrownBy(() -> factory.connect(TestHypervisors.of("kvm02", uri, "vms", null)))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageStartingWith("kvm02: refusing " + uri);
    }
  }

  @Test
  void aHostThatDoesNotAnswerWithinTheTimeoutIsRetryableAndNamed() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LibvirtDriverFactory factory =
          new LibvirtDriverFactory(new HypervisorSettings(null, Duration.ofMillis(500), null));
      String uri = "qemu+libssh://root@127.0.0.1:" + silent.getLocalPort() + "/system";
      long start = System.nanoTime();
      assertThatThrownBy(() -> factory.connect(TestHypervisors.of("kvm02", uri, "vms", null)))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageStartingWith(
              "kvm02: cannot reach the SSH server 127.0.0.1:" + silent.getLocalPort());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }
}
