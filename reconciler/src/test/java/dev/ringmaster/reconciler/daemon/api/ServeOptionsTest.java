package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeOptionsTest {
  @Test
  void optionsBecomeConfigurationProperties() {
    ServeOptions options =
        ServeOptions.parse(
            "serve",
            "--repo-url",
            "file:///srv/fleet.git",
            "--branch=prod",
            "--state-dir",
            "/var/lib/rm",
            "--port",
            "9090");

    assertThat(options.help()).isFalse();
    assertThat(options.properties())
        .isEqualTo(
            Map.of(
                "ringmaster.repo.url", "file:///srv/fleet.git",
                "ringmaster.repo.branch", "prod",
                "ringmaster.state.dir", "/var/lib/rm",
                "quarkus.http.port", "9090"));
  }

  @Test
  void helpAndBadOptions() {
    assertThat(ServeOptions.parse("serve", "--help").help()).isTrue();
    assertThatThrownBy(() -> ServeOptions.parse("serve", "--bogus"))
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> ServeOptions.parse("serve", "--port"))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> ServeOptions.parse("serve", "--port", "http"))
        .hasMessageContaining("number");
  }
}
