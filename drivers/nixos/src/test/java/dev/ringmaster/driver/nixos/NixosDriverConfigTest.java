package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NixosDriverConfigTest {
  private static final String P = "ringmaster.nixos.";

  @Test
  void readsEveryKey() {
    NixosDriverOptions o =
        NixosDriverConfig.from(
            Map.ofEntries(
                Map.entry(P + "private-key", "/var/lib/ringmaster/id_ed25519"),
                Map.entry(P + "known-hosts", "/etc/ringmaster/known_hosts"),
                Map.entry(P + "trust-on-first-use", "true"),
                Map.entry(P + "config-path", "/etc/rm/hc.json"),
                Map.entry(P + "activation-command", "nixos-rebuild switch --fast"),
                Map.entry(P + "activation-timeout", "20m"),
                Map.entry(P + "connect-timeout", "PT5S"),
                Map.entry(P + "command-timeout", "90s"),
                Map.entry(P + "generation-command", "readlink /run/current-system"),
                Map.entry(P + "passwd-command", "cat /etc/passwd"),
                Map.entry(P + "group-command", "cat /etc/group")),
            P);

    assertThat(o.privateKey()).isEqualTo(Path.of("/var/lib/ringmaster/id_ed25519"));
    assertThat(o.knownHosts()).isEqualTo(Path.of("/etc/ringmaster/known_hosts"));
    assertThat(o.trustOnFirstUse()).isTrue();
    assertThat(o.configPath()).isEqualTo("/etc/rm/hc.json");
    assertThat(o.activationCommand()).isEqualTo("nixos-rebuild switch --fast");
    assertThat(o.activationTimeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.commandTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.generationCommand()).isEqualTo("readlink /run/current-system");
    assertThat(o.passwdCommand()).isEqualTo("cat /etc/passwd");
    assertThat(o.groupCommand()).isEqualTo("cat /etc/group");
  }

  @Test
  void defaultsForTheRest() {
    NixosDriverOptions o = NixosDriverConfig.from(Map.of(P + "private-key", "/k"), P);

    assertThat(o).isEqualTo(NixosDriverOptions.defaults(Path.of("/k"), null));
  }

  @ParameterizedTest
  @CsvSource({
    "private-key-missing, , private-key is required",
    "activation-timeout, 15 minutes, not a duration",
    "trust-on-first-use, yes, not true or false",
    "config-path, /etc/../x, unsafe remote path"
  })
  void refusesBadValuesNamingTheKey(String key, String value, String message) {
    Map<String, String> c =
        key.equals("private-key-missing")
            ? Map.of()
            : Map.of(P + "private-key", "/k", P + key, value);

    assertThatThrownBy(() -> NixosDriverConfig.from(c, P))
        .isInstanceOf(RingmasterException.class)
        .hasMessageContaining(message);
  }
}
