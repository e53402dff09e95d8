package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHostKeyStoreTest {
  @TempDir Path dir;

  @Test
  void recordsAndFindsKeysPerHostAndPort() {
    FileHostKeyStore store = new FileHostKeyStore(dir.resolve("state/hostkeys"));
    store.record("10.3.0.10", 22, "ssh-ed25519 AAAA1");
    store.record("10.3.0.10", 2222, "ssh-ed25519 AAAA2");

    FileHostKeyStore reopened = new FileHostKeyStore(dir.resolve("state/hostkeys"));
    assertThat(reopened.find("10.3.0.10", 22)).contains("ssh-ed25519 AAAA1");
    assertThat(reopened.find("10.3.0.10", 2222)).contains("ssh-ed25519 AAAA2");
    assertThat(reopened.find("10.3.0.11", 22)).isEmpty();
  }

  @Test
  void aNewRecordReplacesTheOldOne() {
    FileHostKeyStore store = new FileHostKeyStore(dir.resolve("hostkeys"));
    store.record("h", 22, "ssh-ed25519 OLD");
    store.record("h", 22, "ssh-ed25519 NEW");

    assertThat(store.find("h", 22)).contains("ssh-ed25519 NEW");
  }

  @Test
  void refusesMalformedInput() {
    FileHostKeyStore store = new FileHostKeyStore(dir.resolve("hostkeys"));
    assertThatThrownBy(() -> store.record("a b", 22, "k")).isInstanceOf(RingmasterException.class);
    assertThatThrownBy(() -> store.record("h", 22, "k\nh 23 x"))
        .isInstanceOf(RingmasterException.class);
  }
}
