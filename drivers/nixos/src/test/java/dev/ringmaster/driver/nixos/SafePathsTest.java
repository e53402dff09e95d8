package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/ringmaster/hostconfig.json",
        "/tmp/junit-123/guest/etc/ringmaster/host_config+v1@x.json",
        "/a"
      })
  void acceptsPlainAbsolutePaths(String path) {
    assertThat(SafePaths.requireSafeAbsolute(path)).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "etc/hostconfig.json",
        "/etc/../root/.ssh/authorized_keys",
        "/etc/./x",
        "/etc/host config.json",
        "/etc/x;rm -rf /",
        "/etc/$(reboot)",
        "/etc/x'y",
        "/etc/x\ny",
        "/etc/",
        "/",
        ""
      })
  void refusesAnythingElse(String path) {
    assertThatThrownBy(() -> SafePaths.requireSafeAbsolute(path))
        .isInstanceOf(RingmasterException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {"abc|'abc'", "it's|'it'\\''s'", "$(x) `y`|'$(x) `y`'"})
  void quotesForPosixShells(String text, String quoted) {
    assertThat(SafePaths.quote(text)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @CsvSource({"/etc/ringmaster/x.json,/etc/ringmaster", "/x.json,/"})
  void parentOfAPath(String path, String parent) {
    assertThat(SafePaths.parent(path)).isEqualTo(parent);
  }
}
