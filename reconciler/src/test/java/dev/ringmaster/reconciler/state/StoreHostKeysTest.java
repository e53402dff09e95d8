package dev.ringmaster.reconciler.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreHostKeysTest {
  @TempDir Path dir;

  @Test
  void recordedKeysSurviveReopeningAndArePerHostAndPort() {
    try (StateStore store = StateStore.open(dir)) {
      StoreHostKeys keys = new StoreHostKeys(store);
      assertThat(keys.find("10.0.0.5", 22)).isEmpty();
      keys.record("VM1.example", 22, "ssh-ed25519 AAAAone \n");
      keys.record("vm1.example", 2222, "ssh-ed25519 AAAAtwo");
    }
    try (StateStore store = StateStore.open(dir)) {
      StoreHostKeys keys = new StoreHostKeys(store);
      assertThat(keys.find("vm1.example", 22)).contains("ssh-ed25519 AAAAone");
      assertThat(keys.find("vm1.example", 2222)).contains("ssh-ed25519 AAAAtwo");
      assertThat(store.entries(StoreHostKeys.PREFIX))
          .containsOnlyKeys("hostkey/vm1.example:22", "hostkey/vm1.example:2222");
    }
  }
}
