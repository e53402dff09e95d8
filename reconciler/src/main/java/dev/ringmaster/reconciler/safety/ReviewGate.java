package dev.ringmaster.reconciler.safety;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.RingmasterException;
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
import java.util.Set;
import java.util.stream.Stream;

/**
 * The engine's {@link SafetyGate} for a plan made against the base revision: run in a throw-away
 * state store that first learns the base fleet (the protection of VMs the head removes), so a PR
 * plan stages, refuses and budgets exactly as the engine will once the change is merged into a
 * converged fleet. Blocking (a temporary RocksDB directory, deleted afterwards); thread-safe.
 */
final class ReviewGate {
  private ReviewGate() {}

  static GatedPlan gate(
      SafetySettings settings,
      Instant now,
      String baseCommit,
      Fleet base,
      Fleet head,
      Set<String> touched,
      Plan raw) {
    Path dir = temporaryDirectory();
    try (StateStore store = StateStore.open(dir)) {
      SafetyGate gate = new SafetyGate(store, Clock.fixed(now, ZoneOffset.UTC), settings);
      gate.gate(base, Set.of(), new Plan(baseCommit, List.of()));
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
