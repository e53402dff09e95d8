package dev.ringmaster.reconciler.review;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.gate.GatedPlan;
import dev.ringmaster.reconciler.gate.SafetyGate;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.gate.SafetyState;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The engine's {@link SafetyGate} for a plan of a commit that is not in force: run in a throw-away
 * state store, seeded with the real store's safety records (live mode: known-since, soft-delete
 * marks, remembered protection) or taught the base fleet (offline mode: the protection of VMs the
 * head removes), so a PR plan stages, refuses, budgets and schedules exactly as the engine will
 * once the change is merged, without writing to the real store. Blocking (a temporary RocksDB
 * directory, deleted afterwards); thread-safe.
 */
final class ReviewGate {
  private ReviewGate() {}

  /** Offline mode: the base fleet stands for what the engine has seen. */
  static GatedPlan gate(
      SafetySettings settings,
      Instant now,
      String baseCommit,
      Fleet base,
      Fleet head,
      Set<String> touched,
      Plan raw) {
    return gate(
        settings,
        now,
        Map.of(),
        gate -> gate.gate(base, Set.of(), new Plan(baseCommit, List.of())),
        head,
        touched,
        raw);
  }

  /** Live mode: a copy of the real store's safety records stands for what the engine has seen. */
  static GatedPlan gate(
      SafetySettings settings,
      Instant now,
      StateStore real,
      Fleet head,
      Set<String> touched,
      Plan raw) {
    Map<String, String> seed = new TreeMap<>();
    for (String prefix : SafetyState.PREFIXES) {
      seed.putAll(real.entries(prefix));
    }
    return gate(settings, now, seed, gate -> {}, head, touched, raw);
  }

  private static GatedPlan gate(
      SafetySettings settings,
      Instant now,
      Map<String, String> seed,
      Consumer<SafetyGate> learn,
      Fleet head,
      Set<String> touched,
      Plan raw) {
    Path dir = temporaryDirectory();
    try (StateStore store = StateStore.open(dir)) {
      seed.forEach(store::put);
      SafetyGate gate = new SafetyGate(store, Clock.fixed(now, ZoneOffset.UTC), settings);
      learn.accept(gate);
      return gate.gate(head, touched, raw);
    } finally {
      delete(dir);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("ringmaster-review-");
    } catch (IOException e) {
      throw new RingmasterException("cannot create a temporary state directory: " + e, e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      dir.toFile().deleteOnExit();
    }
  }
}
