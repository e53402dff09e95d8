package dev.ringmaster.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HypervisorSettingsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"30s, PT30S", "2m, PT2M", "1h, PT1H", "500ms, PT0.5S", "PT45S, PT45S"})
  void readsTheConnectTimeoutAsTheDaemonWritesDurations(String text, String expected) {
    HypervisorSettings s =
        HypervisorSettings.fromEnvironment(Map.of(HypervisorSettings.CONNECT_TIMEOUT, text));
    assertThat(s.connectTimeout()).isEqualTo(Duration.parse(expected));
  }

  @Test
  void defaultsToNoKeyThirtySecondsAndNoStore() {
    HypervisorSettings s = HypervisorSettings.fromEnvironment(Map.of());
    assertThat(s.sshKey()).isNull();
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.hostKeys()).isSameAs(HostKeyStore.NONE);
    assertThat(
            HypervisorSettings.fromEnvironment(
                    Map.of(HypervisorSettings.SSH_KEY, "/etc/ringmaster/hv_ed25519"))
                .sshKey())
        .isEqualTo(Path.of("/etc/ringmaster/hv_ed25519"));
  }

  @Test
  void aBadTimeoutIsAPlainErrorNamingTheVariable() {
    assertThatThrownBy(
            () ->
                HypervisorSettings.fromEnvironment(
                    Map.of(HypervisorSettings.CONNECT_TIMEOUT, "soon")))
        .isInstanceOf(RingmasterException.class)
        .hasMessage(
            "RINGMASTER_HYPERVISOR_CONNECT_TIMEOUT: \"soon\" is not a duration; write 30s or PT30S");
    assertThatThrownBy(
            () ->
                HypervisorSettings.fromEnvironment(
                    Map.of(HypervisorSettings.CONNECT_TIMEOUT, "0s")))
        .isInstanceOf(RingmasterException.class)
        .hasMessageContaining("must be positive");
  }
}
