package dev.ringmaster.reconciler.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir Path dir;

  private static JournalEntry intent(String pass, String resource) {
    return JournalEntry.intent(pass, "c1", "env", resource, Action.CREATE, Impact.LIVE);
  }

  @Test
  void journalIsReadNewestFirstWithPaging() {
    try (StateStore store = StateStore.open(dir)) {
      for (int i = 1; i <= 5; i++) {
        store.append(intent("p", "volume/kvm01/v" + i));
      }
      List<JournalEntry> first = store.journal(Long.MAX_VALUE, 2);
      List<JournalEntry> second = store.journal(first.get(1).seq(), 2);
      assertThat(first)
          .extracting(JournalEntry::resource)
          .containsExactly("volume/kvm01/v5", "volume/kvm01/v4");
      assertThat(second)
          .extracting(JournalEntry::resource)
          .containsExactly("volume/kvm01/v3", "volume/kvm01/v2");
    }
  }

  @Test
  void intentsWithoutOutcomeAreInterruptedAndSurviveReopening() {
    try (StateStore store = StateStore.open(dir)) {
      JournalEntry done = store.append(intent("p", "volume/kvm01/a"));
      store.append(done.outcome(Outcome.OK, "", 3));
      store.append(intent("p", "domain/kvm01/a"));
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.interrupted())
          .extracting(JournalEntry::resource)
          .containsExactly("domain/kvm01/a");
      JournalEntry next = store.append(intent("q", "domain/kvm01/a"));
      assertThat(next.seq()).isEqualTo(4);
    }
  }

  @Test
  void aStoreFromBeforeTheOpenIntentsIndexIsIndexedFromItsJournalOnceWhenOpened() {
    try (StateStore store = StateStore.open(dir)) {
      JournalEntry done = store.append(intent("p", "volume/kvm01/a"));
      store.append(intent("p", "domain/kvm01/a"));
      store.append(done.outcome(Outcome.OK, "", 3));
      store.append(intent("q", "volume/kvm01/b"));
    }
    // make it what an older version left: the journal alone, no index and no marker
    try (RocksStore raw = RocksStore.open(dir)) {
      List<byte[]> keys = new java.util.ArrayList<>();
      raw.forEach(RocksStore.OPEN_INTENTS, (k, v) -> keys.add(k));
      assertThat(keys).hasSize(2);
      keys.forEach(k -> raw.delete(RocksStore.OPEN_INTENTS, k));
      raw.delete(RocksStore.KV, "store.open-intents-indexed".getBytes());
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.interrupted())
          .extracting(JournalEntry::resource)
          .containsExactly("domain/kvm01/a", "volume/kvm01/b");
      store.append(store.interrupted().get(1).outcome(Outcome.OK, "", 1));
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.interrupted())
          .extracting(JournalEntry::resource)
          .containsExactly("domain/kvm01/a");
    }
  }

  @Test
  void lastAppliedRoundTrips() {
    ResourceId id = ResourceId.volume("kvm01", "myapp00-root");
    AppliedRecord record =
        new AppliedRecord(
            id,
            new TreeMap<>(Map.of("capacity", "30GiB", "pool", "vms")),
            "env",
            "c1",
            Instant.parse("2026-01-01T00:00:00Z"));
    try (StateStore store = StateStore.open(dir)) {
      store.putApplied(record);
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.lastApplied().get(id)).contains(record);
      store.removeApplied(id);
      assertThat(store.lastApplied().records()).isEmpty();
    }
  }

  @Test
  void planHistoryKeepsTheNewestFiftyPerEnvironment() {
    try (StateStore store = StateStore.open(dir)) {
      for (int i = 0; i < StateStore.HISTORY_LIMIT + 5; i++) {
        store.recordPlan(new PlanRecord("env", "c" + i, Instant.now(), List.of(), List.of()));
      }
      store.recordPlan(new PlanRecord("other", "x", Instant.now(), List.of(), List.of()));
      List<PlanRecord> plans = store.plans("env", 100);
      assertThat(plans).hasSize(StateStore.HISTORY_LIMIT);
      assertThat(plans.get(0).commit()).isEqualTo("c" + (StateStore.HISTORY_LIMIT + 4));
      assertThat(store.environments()).containsExactly("env", "other");
    }
  }

  @Test
  void keyValueArea() {
    try (StateStore store = StateStore.open(dir)) {
      store.put("hostkey/myapp00", "ssh-ed25519 AAAA");
      assertThat(store.get("hostkey/myapp00")).contains("ssh-ed25519 AAAA");
      assertThat(store.entries("hostkey/")).containsOnlyKeys("hostkey/myapp00");
      store.delete("hostkey/myapp00");
      assertThat(store.get("hostkey/myapp00")).isEmpty();
    }
  }

  @Test
  void entriesAreExactlyThoseUnderThePrefixInKeyOrder() {
    try (StateStore store = StateStore.open(dir)) {
      for (String key :
          List.of("hostkey", "hostkey/b", "hostkey/a", "hostkey0", "hostkez/a", "hostkex", "ä/x")) {
        store.put(key, "v-" + key);
      }
      assertThat(store.entries("hostkey/"))
          .containsExactly(
              java.util.Map.entry("hostkey/a", "v-hostkey/a"),
              java.util.Map.entry("hostkey/b", "v-hostkey/b"));
      assertThat(store.entries("ä/")).containsOnlyKeys("ä/x");
      assertThat(store.entries("nothing/")).isEmpty();
    }
  }

  @Test
  void aDirectoryInUseGivesAClearMessage() {
    try (StateStore store = StateStore.open(dir)) {
      assertThatThrownBy(() -> StateStore.open(dir))
          .isInstanceOf(RingmasterException.class)
          .hasMessage("state directory " + dir + " is in use by another ringmaster process");
    }
  }
}
