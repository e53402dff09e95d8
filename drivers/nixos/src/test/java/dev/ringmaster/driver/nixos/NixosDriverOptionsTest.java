package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NixosDriverOptionsTest {
  private static final NixosDriverOptions DEFAULTS =
      NixosDriverOptions.defaults(Path.of("/var/lib/ringmaster/id_ed25519"), null);

  @Test
  void defaultsFollowTheDesign() {
    assertThat(DEFAULTS.configPath()).isEqualTo("/etc/ringmaster/hostconfig.json");
    assertThat(DEFAULTS.activationCommand()).isEqualTo("nixos-rebuild switch");
    assertThat(DEFAULTS.generationCommand()).isEqualTo("readlink /nix/var/nix/profiles/system");
    assertThat(DEFAULTS.passwdCommand()).isEqualTo("getent passwd");
    assertThat(DEFAULTS.groupCommand()).isEqualTo("getent group");
    assertThat(DEFAULTS.trustOnFirstUse()).isFalse();
    assertThat(DEFAULTS.defaultPort()).isEqualTo(22);
    assertThat(DEFAULTS.defaultUser()).isEqualTo("root");
  }

  @Test
  void refusesAnUnsafeConfigPath() {
    assertThatThrownBy(() -> DEFAULTS.withConfigPath("/etc/../root/x"))
        .isInstanceOf(RingmasterException.class);
    assertThatThrownBy(() -> DEFAULTS.withConfigPath("relative.json"))
        .isInstanceOf(RingmasterException.class);
  }

  @Test
  void refusesBlankOrMultiLineCommandsAndNonPositiveTimeouts() {
    assertThatThrownBy(() -> DEFAULTS.withActivation(" ", Duration.ofMinutes(1)))
        .isInstanceOf(RingmasterException.class);
    assertThatThrownBy(() -> DEFAULTS.withActivation("a\nb", Duration.ofMinutes(1)))
        .isInstanceOf(RingmasterException.class);
    assertThatThrownBy(() -> DEFAULTS.withActivation("true", Duration.ZERO))
        .isInstanceOf(RingmasterException.class);
  }
}
