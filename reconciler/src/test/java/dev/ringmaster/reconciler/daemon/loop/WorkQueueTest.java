package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  /** Runs submitted passes only when the test says so. */
  static final class ManualExecutor implements Executor {
    final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runNext() {
      tasks.removeFirst().run();
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        runNext();
      }
    }
  }

  /** A timer on a clock the test advances. */
  static final class ManualTimer implements WorkQueue.Timer {
    record Entry(Duration at, Runnable task) {}

    final List<Entry> entries = new ArrayList<>();
    final List<Duration> delays = new ArrayList<>();
    Duration now = Duration.ZERO;

    @Override
    public void schedule(Duration delay, Runnable task) {
      delays.add(delay);
      entries.add(new Entry(now.plus(delay), task));
    }

    void advance(Duration by) {
      now = now.plus(by);
      List<Entry> due = entries.stream().filter(e -> e.at().compareTo(now) <= 0).toList();
      entries.removeAll(due);
      due.forEach(e -> e.task().run());
    }
  }

  final ManualExecutor executor = new ManualExecutor();
  final ManualTimer timer = new ManualTimer();
  final List<String> ran = new ArrayList<>();
  final Set<String> failing = new HashSet<>();

  WorkQueue queue(int workers, int perHost, Map<String, Set<String>> hosts) {
    return new WorkQueue(
        executor,
        timer,
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)),
        workers,
        perHost,
        k -> hosts.getOrDefault(k, Set.of()),
        k -> {
          ran.add(k);
          return !failing.contains(k);
        });
  }

  @Test
  void aBurstOfTheSameKeyCoalescesIntoOnePass() {
    WorkQueue q = queue(1, 1, Map.of());
    q.add("busy");
    q.add("a");
    q.add("a");
    q.add("a");
    assertThat(q.depth()).isEqualTo(1);

    executor.runAll();

    assertThat(ran).containsExactly("busy", "a");
  }

  @Test
  void aKeyAddedWhileInFlightRunsOnceMoreAfterAndNeverConcurrently() {
    WorkQueue q = queue(4, 4, Map.of());
    q.add("a");
    assertThat(q.inFlight()).isEqualTo(1);
    q.add("a");
    q.add("a");
    assertThat(executor.tasks).hasSize(1);

    executor.runNext();
    assertThat(executor.tasks).hasSize(1);
    executor.runNext();

    assertThat(ran).containsExactly("a", "a");
    assertThat(q.inFlight()).isZero();
    assertThat(q.depth()).isZero();
  }

  @Test
  void theWorkerPoolBoundsPassesInFlight() {
    WorkQueue q = queue(2, 10, Map.of());
    q.addAll(List.of("a", "b", "c", "d"));

    assertThat(q.inFlight()).isEqualTo(2);
    assertThat(q.depth()).isEqualTo(2);
    executor.runAll();
    assertThat(ran).containsExactly("a", "b", "c", "d");
  }

  @Test
  void thePerHypervisorLimitHoldsBackOnlyEnvironmentsOnABusyHost() {
    WorkQueue q =
        queue(
            4,
            1,
            Map.of("a", Set.of("kvm01"), "b", Set.of("kvm01", "kvm02"), "c", Set.of("kvm03")));
    q.addAll(List.of("a", "b", "c"));

    assertThat(q.inFlight()).isEqualTo(2);
    executor.runNext();
    executor.runNext();
    assertThat(ran).containsExactly("a", "c");
    executor.runAll();
    assertThat(ran).containsExactly("a", "c", "b");
  }

  @Test
  void aFailingKeyIsRetriedWithCappedExponentialBackoffAndResetOnSuccess() {
    WorkQueue q = queue(1, 1, Map.of());
    failing.add("a");
    q.add("a");
    for (int i = 0; i < 6; i++) {
      executor.runAll();
      timer.advance(Duration.ofSeconds(10));
    }

    assertThat(timer.delays)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
    failing.clear();
    executor.runAll();
    assertThat(q.failures("a")).isZero();
    assertThat(q.retrying()).isZero();
  }

  @Test
  void aKeyWaitingInBackoffRunsAtOnceWhenAddedAgain() {
    WorkQueue q = queue(1, 1, Map.of());
    failing.add("a");
    q.add("a");
    executor.runAll();
    assertThat(q.retrying()).isEqualTo(1);

    q.add("a");

    assertThat(q.retrying()).isZero();
    assertThat(executor.tasks).hasSize(1);
    executor.runAll();
    timer.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("a", "a");
    assertThat(timer.delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aThrowingWorkerCountsAsAFailure() {
    WorkQueue q =
        new WorkQueue(
            executor,
            timer,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)),
            1,
            1,
            k -> Set.of(),
            k -> {
              throw new IllegalStateException("boom");
            });
    q.add("a");
    executor.runAll();

    assertThat(q.failures("a")).isEqualTo(1);
  }

  @Test
  void closeDropsQueuedWorkAndReportsWhetherPassesInFlightFinished() throws Exception {
    WorkQueue q = queue(1, 1, Map.of());
    q.addAll(List.of("a", "b"));

    assertThat(q.close(Duration.ofMillis(10))).isFalse();
    executor.runAll();
    assertThat(q.close(Duration.ofMillis(10))).isTrue();
    q.add("c");
    assertThat(ran).containsExactly("a");
    assertThat(executor.tasks).isEmpty();
  }

  @Test
  void aTaskWaitsForTheKeysPassAndRunsInItsSlotBeforeTheQueuedPass() throws Exception {
    WorkQueue q = queue(4, 4, Map.of());
    q.add("a");
    CompletableFuture<String> task =
        q.submit(
            "a",
            () -> {
              ran.add("task");
              q.add("a");
              return "done";
            });
    q.add("a");

    assertThat(executor.tasks).as("nothing beside the pass in flight").hasSize(1);
    executor.runNext();
    assertThat(ran).containsExactly("a");
    assertThat(executor.tasks).as("the task, not the queued pass").hasSize(1);
    executor.runNext();
    assertThat(task.get()).isEqualTo("done");
    assertThat(q.inFlight()).isEqualTo(1);
    executor.runAll();

    assertThat(ran).containsExactly("a", "task", "a");
    assertThat(q.inFlight()).isZero();
    assertThat(q.depth()).isZero();
  }

  @Test
  void aPassAddedWhileATaskRunsStartsOnlyAfterItAndOtherKeysRunBeside() {
    WorkQueue q = queue(4, 4, Map.of());
    CompletableFuture<Void> task =
        q.submit(
            "a",
            () -> {
              ran.add("task");
              return null;
            });
    q.add("a");
    q.add("b");

    assertThat(q.inFlight()).isEqualTo(2);
    executor.runNext();
    assertThat(task).isDone();
    executor.runAll();

    assertThat(ran).containsExactly("task", "b", "a");
  }

  @Test
  void aFailingTaskFailsItsFutureButNotTheKey() {
    WorkQueue q = queue(1, 1, Map.of());
    CompletableFuture<Void> task =
        q.submit(
            "a",
            () -> {
              throw new IllegalStateException("boom");
            });
    executor.runAll();

    assertThat(task).isCompletedExceptionally();
    assertThat(q.failures("a")).isZero();
    assertThat(q.retrying()).isZero();
  }

  @Test
  void closingFailsTasksNotStartedAndRefusesNewOnes() throws Exception {
    WorkQueue q = queue(1, 1, Map.of());
    q.add("busy");
    CompletableFuture<String> queued = q.submit("a", () -> "ran");

    q.close(Duration.ZERO);
    CompletableFuture<String> late = q.submit("a", () -> "ran");

    assertThat(queued).isCompletedExceptionally();
    assertThat(late).isCompletedExceptionally();
  }
}
