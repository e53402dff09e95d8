package dev.ringmaster.reconciler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.apply.ActionResult;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.JournalEntry.Phase;
import dev.ringmaster.reconciler.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intents left open by a crash are closed by the first later pass that shows how they ended, with
 * an outcome of their own pass; anything the pass did not settle stays open. Real RocksDB.
 */
class InterruptedIntentsTest {
  @TempDir Path dir;

  @Test
  void aLaterPassClosesWhatItSettledAndLeavesTheRestOpen() {
    try (StateStore store = StateStore.open(dir)) {
      open(store, "volume/kvm01/a00-root", Action.CREATE, "a-staging");
      open(store, "domain/kvm01/a00", Action.CREATE, "a-staging");
      open(store, "domain/kvm01/a01", Action.CREATE, "a-staging");
      open(store, "domain/kvm01/a02", Action.DELETE, "a-staging");
      open(store, "domain/kvm01/b00", Action.DELETE, "b-staging");
      open(store, "domain/kvm02/a03", Action.CREATE, "a-staging");
      open(store, "volume/kvm01/a04-root", Action.CREATE, "a-staging");
      open(store, "domain/kvm01/a05", Action.CREATE, "a-staging");

      InterruptedIntents intents = new InterruptedIntents(store);
      Change root = change("volume/kvm01/a00-root", Action.NO_OP);
      Change a00 = change("domain/kvm01/a00", Action.CREATE);
      Change a01 = change("domain/kvm01/a01", Action.CREATE);
      Change a04 = change("volume/kvm01/a04-root", Action.DELETE);
      Change a05 = change("domain/kvm01/a05", Action.UPDATE);
      Plan plan =
          new Plan(
              "c1",
              List.of(root, a00, a01, a04, a05),
              List.of(),
              new TreeMap<>(Map.of("kvm02", "connection refused")));
      ApplyReport report =
          new ApplyReport(
              "new",
              "c1",
              List.of(
                  result(1, a00, Outcome.OK),
                  result(2, a01, Outcome.FAILED),
                  result(3, a04, Outcome.OK),
                  result(4, a05, Outcome.OK)));
      intents.resolve(planned(plan, Set.of("a-staging")), report);

      assertThat(resolutions(store))
          .containsExactlyInAnyOrder(
              "volume/kvm01/a00-root interrupted by a crash; found complete by pass new",
              "domain/kvm01/a00 interrupted by a crash; made again by pass new",
              "domain/kvm01/a02 interrupted by a crash; found deleted by pass new",
              "volume/kvm01/a04-root interrupted by a crash; superseded (delete) by pass new",
              "domain/kvm01/a05 interrupted by a crash; completed (update) by pass new");
      assertThat(store.interrupted())
          .as("failed, outside the pass's environments, on an unreachable hypervisor")
          .extracting(JournalEntry::resource)
          .containsExactlyInAnyOrder("domain/kvm01/a01", "domain/kvm01/b00", "domain/kvm02/a03");

      intents.resolve(planned(plan, Set.of("a-staging")), report);
      assertThat(resolutions(store)).as("each intent is closed once").hasSize(5);
    }
  }

  @Test
  void aPassThatAppliesNothingClosesWhatItFoundComplete() {
    try (StateStore store = StateStore.open(dir)) {
      open(store, "volume/kvm01/a00-root", Action.CREATE, "a-staging");
      open(store, "domain/kvm01/a00", Action.CREATE, "a-staging");
      Plan plan =
          new Plan(
              "c1",
              List.of(
                  change("volume/kvm01/a00-root", Action.NO_OP),
                  change("domain/kvm01/a00", Action.UPDATE)));
      new InterruptedIntents(store).resolve(planned(plan, Set.of("a-staging")), null);
      assertThat(resolutions(store))
          .containsExactly(
              "volume/kvm01/a00-root interrupted by a crash; found complete by a pass that found"
                  + " nothing to do");
      assertThat(store.interrupted())
          .as("a change planned but not applied (report-only, held)")
          .extracting(JournalEntry::resource)
          .containsExactly("domain/kvm01/a00");
    }
  }

  @Test
  void aPlanWithRefusalsResolvesNothing() {
    try (StateStore store = StateStore.open(dir)) {
      open(store, "volume/kvm01/a00-root", Action.CREATE, "a-staging");
      Change root = change("volume/kvm01/a00-root", Action.NO_OP);
      Plan plan =
          new Plan(
              "c1",
              List.of(root),
              List.of(new Refusal(root.resource(), "a-staging", "foreign")),
              new TreeMap<>());
      new InterruptedIntents(store)
          .resolve(planned(plan, Set.of()), new ApplyReport("new", "c1", List.of()));
      assertThat(store.interrupted()).hasSize(1);
    }
  }

  private static void open(StateStore store, String resource, Action action, String env) {
    store.append(JournalEntry.intent("old", "c0", env, resource, action, Impact.LIVE));
  }

  private static Change change(String resource, Action action) {
    return new Change(
        ResourceId.parse(resource),
        "a-staging",
        action,
        Impact.LIVE,
        new TreeMap<>(),
        new TreeMap<>(),
        null,
        "");
  }

  private static ActionResult result(int index, Change change, Outcome outcome) {
    return new ActionResult(index, 4, change, outcome, "", Duration.ZERO);
  }

  private static PlanResult planned(Plan plan, Set<String> environments) {
    return new PlanResult(null, environments, plan, null, Instant.EPOCH);
  }

  private static List<String> resolutions(StateStore store) {
    List<String> out = new ArrayList<>();
    for (JournalEntry e : store.journal(Long.MAX_VALUE, 1000)) {
      if (e.phase() == Phase.OUTCOME) {
        assertThat(e.passId()).isEqualTo("old");
        assertThat(e.outcome()).isEqualTo(Outcome.OK);
        out.add(e.resource() + " " + e.message());
      }
    }
    return out;
  }
}
