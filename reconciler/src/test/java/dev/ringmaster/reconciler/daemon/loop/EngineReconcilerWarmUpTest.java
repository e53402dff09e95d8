package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.state.StateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up warm-up of the engine reconciler: it reads the state store's last-applied records in
 * the background, and closing the reconciler meanwhile waits for that read (RocksDB must never be
 * closed under an open iterator: that would crash the JVM, not throw).
 */
class EngineReconcilerWarmUpTest {
  private static final int RECORDS = 5_000;

  @TempDir Path state;

  @BeforeEach
  void aStoreWithManyRecords() {
    try (StateStore store = StateStore.open(state.resolve("store"))) {
      for (int i = 0; i < RECORDS; i++) {
        store.putApplied(
            new AppliedRecord(
                ResourceId.volume("kvm" + (i % 20), "vm" + i + "-root"),
                new TreeMap<>(Map.of("capacity", "30GiB", "pool", "vms")),
                "env" + (i / 10),
                "c1",
                Instant.parse("2026-01-01T00:00:00Z")));
      }
    }
  }

  private EngineReconciler open() {
    return EngineWiring.build(state, Map.of(), new RingmasterMetrics(new SimpleMeterRegistry()));
  }

  @Test
  void closingRightAfterTheWarmUpStartedWaitsForItsReadAndLosesNothing() {
    for (int i = 0; i < 5; i++) {
      EngineReconciler r = open();
      r.warmUp();
      r.close();
    }
    try (StateStore store = StateStore.open(state.resolve("store"))) {
      assertThat(store.lastApplied().records()).hasSize(RECORDS);
    }
  }

  @Test
  void theWarmedRecordsAreTheStoresAndAWarmUpAfterCloseDoesNothing() {
    EngineReconciler r = open();
    r.warmUp();
    r.warmUp(); // a second call starts no second read
    assertThat(r.engine().orElseThrow().store().lastAppliedOf(java.util.List.of("env7")).records())
        .hasSize(10);
    r.close();
    r.warmUp();
  }
}
