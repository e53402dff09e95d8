package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.spi.DriverException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceHomesTest {
  @Test
  void aServiceUserLivesUnderTheRoot() {
    assertThat(ServiceHomes.home("/srv", "s-myapp")).isEqualTo("/srv/s-myapp");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "s-", "s-../etc", "s-a/b", "s-x;rm -rf /", "s-x'y", "s-A", ""})
  void anythingButAServiceUserNameIsRefused(String user) {
    assertThatThrownBy(() -> ServiceHomes.home("/srv", user))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("not a service user name");
  }

  @Test
  void anUnsafeRootIsRefused() {
    assertThatThrownBy(() -> ServiceHomes.home("/srv/..", "s-myapp"))
        .hasMessageContaining("unsafe remote path");
  }
}
