package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.daemon.loop.EngineReconciler;
import dev.ringmaster.reconciler.daemon.loop.EngineWiring;
import dev.ringmaster.reconciler.daemon.loop.RingmasterMetrics;
import dev.ringmaster.reconciler.gate.Consent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineWiringTest {
  @TempDir Path dir;
  final RingmasterMetrics metrics = new RingmasterMetrics(new SimpleMeterRegistry());

  @Test
  void withoutAGuestKeyTheEngineRunsWithHypervisorsOnly() {
    try (EngineReconciler engine = EngineWiring.build(dir, Map.of(), metrics)) {
      assertThat(engine.knownEnvironments()).isEmpty();
      assertThat(Files.isDirectory(dir.resolve("store"))).isTrue();
    }
  }

  @Test
  void theEnginesMessagesNameTheDaemonsConsent() {
    try (EngineReconciler engine = EngineWiring.build(dir, Map.of(), metrics)) {
      assertThat(engine.engine().orElseThrow().config().safety().consent())
          .isEqualTo(Consent.DAEMON);
    }
  }

  @Test
  void withAGuestKeyTheNixosDriverIsWiredAndABadOptionIsNamed() {
    try (EngineReconciler engine =
        EngineWiring.build(
            dir, Map.of("ringmaster.nixos.private-key", dir.resolve("key").toString()), metrics)) {
      assertThat(engine.problems()).isEmpty();
    }
    assertThatThrownBy(
            () ->
                EngineWiring.build(
                    dir,
                    Map.of(
                        "ringmaster.nixos.private-key",
                        "k",
                        "ringmaster.nixos.connect-timeout",
                        "soon"),
                    metrics))
        .isInstanceOf(RingmasterException.class)
        .hasMessageContaining("ringmaster.nixos.");
  }

  @Test
  void environmentVariablesMapOntoNixosKeys() {
    assertThat(DaemonProducer.nixosKey("RINGMASTER_NIXOS_PRIVATE_KEY"))
        .isEqualTo("ringmaster.nixos.private-key");
    assertThat(DaemonProducer.nixosKey("ringmaster.nixos.known-hosts"))
        .isEqualTo("ringmaster.nixos.known-hosts");
    assertThat(DaemonProducer.nixosKey("RINGMASTER_REPO_URL")).isNull();
  }
}
