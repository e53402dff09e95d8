package dev.ringmaster.reconciler.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.LastApplied;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastAppliedOfTest {
  @TempDir Path dir;

  private static AppliedRecord record(ResourceId id, String env) {
    return new AppliedRecord(
        id, new TreeMap<>(Map.of("k", env)), env, "c1", Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static LastApplied filtered(StateStore store, Set<String> envs) {
    return store.lastApplied(r -> r.environment().isEmpty() || envs.contains(r.environment()));
  }

  @Test
  void givesTheRecordsOfTheEnvironmentsAndTheSharedOnesAcrossWritesAndReopening() {
    ResourceId a = ResourceId.volume("kvm01", "a00-root");
    ResourceId b = ResourceId.volume("kvm01", "b00-root");
    ResourceId moved = ResourceId.domain("kvm01", "x00");
    ResourceId net = ResourceId.network("kvm01", "ringmaster-kvm01-fe");
    try (StateStore store = StateStore.open(dir)) {
      store.putApplied(record(a, "env-a"));
      store.putApplied(record(b, "env-b"));
      store.putApplied(record(moved, "env-a"));
      store.putApplied(record(net, ""));
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.lastAppliedOf(List.of("env-a")).records().keySet())
          .containsExactlyInAnyOrder(a, moved, net);
      store.putApplied(record(moved, "env-b"));
      store.removeApplied(a);
      for (Set<String> envs : List.of(Set.of("env-a"), Set.of("env-b"), Set.of("env-a", "env-b"))) {
        assertThat(store.lastAppliedOf(envs)).isEqualTo(filtered(store, envs));
      }
      assertThat(store.lastAppliedOf(List.of("env-a")).records().keySet()).containsExactly(net);
      assertThat(store.lastAppliedOf(List.of("env-b")).get(moved)).contains(record(moved, "env-b"));
    }
  }
}
