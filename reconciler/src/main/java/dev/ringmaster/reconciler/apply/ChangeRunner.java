package dev.ringmaster.reconciler.apply;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.GuestChanges;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * Runs single changes of one pass: policy check, journal intent, driver calls with retries (under
 * the hypervisor's lock: drivers are not thread-safe; guest changes do not take it), journal
 * outcome, last-applied update.
 */
final class ChangeRunner {
  private final String passId;
  private final String commit;
  private final StateStore store;
  private final ApplyPolicy policy;
  private final RetryPolicy retry;
  private final ApplyListener listener;
  private final AtomicInteger started = new AtomicInteger();
  private final int total;
  private final HoldCheck holds;

  ChangeRunner(
      String passId,
      String commit,
      StateStore store,
      ApplyPolicy policy,
      RetryPolicy retry,
      ApplyListener listener,
      int total,
      HoldCheck holds) {
    this.passId = passId;
    this.commit = commit;
    this.store = store;
    this.policy = policy;
    this.retry = retry;
    this.listener = listener;
    this.total = total;
    this.holds = holds;
  }

  ActionResult skip(Change change, String why) {
    int index = begin(change);
    store.append(intent(change).outcome(Outcome.SKIPPED, why, 0));
    return end(new ActionResult(index, total, change, Outcome.SKIPPED, why, Duration.ZERO));
  }

  /** Why the change is skipped: held by the safety gate, or its impact's flag is missing. */
  Optional<String> skipReason(Change change) {
    String flag = policy.flagNeededFor(change.impact());
    Optional<String> held = holds.heldBecause(change);
    if (!flag.isEmpty()) {
      return Optional.of(skipMessage(change, flag) + held.map(h -> "; " + h).orElse(""));
    }
    return held;
  }

  ActionResult run(Change change, DriverActions actions, Lock hostLock) {
    Optional<String> skipped = skipReason(change);
    if (skipped.isPresent()) {
      return skip(change, skipped.get());
    }
    holds.proceeding(change);
    int index = begin(change);
    JournalEntry intent = store.append(intent(change));
    long t0 = System.nanoTime();
    try {
      if (!ResourceKinds.installed().of(change.resource()).hypervisorBound()) {
        withRetries(() -> actions.perform(change));
      } else {
        withRetries(() -> locked(hostLock, () -> actions.perform(change)));
      }
      remember(change);
      return finish(index, change, intent, Outcome.OK, "", t0, true);
    } catch (DriverException e) {
      return finish(index, change, intent, Outcome.FAILED, e.getMessage(), t0, e.retryable());
    } catch (RingmasterException e) {
      return finish(index, change, intent, Outcome.FAILED, e.getMessage(), t0, true);
    } catch (RuntimeException e) {
      return finish(index, change, intent, Outcome.FAILED, "driver error: " + e, t0, true);
    }
  }

  private static String skipMessage(Change change, String flag) {
    String message = change.impact().key() + " change: needs " + flag;
    List<String> removed = GuestChanges.removedServiceUsers(change);
    return removed.isEmpty() ? message : message + "; " + GuestChanges.keptNote(removed);
  }

  private ActionResult finish(
      int index,
      Change change,
      JournalEntry intent,
      Outcome outcome,
      String msg,
      long t0,
      boolean retryable) {
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    store.append(intent.outcome(outcome, msg, took.toMillis()));
    return end(new ActionResult(index, total, change, outcome, msg, took, retryable));
  }

  private void remember(Change change) {
    if (change.action() == Action.DELETE) {
      store.removeApplied(change.resource());
    } else {
      store.putApplied(
          new AppliedRecord(
              change.resource(), change.after(), change.environment(), commit, Instant.now()));
    }
  }

  private void withRetries(Runnable action) {
    for (int attempt = 1; ; attempt++) {
      try {
        action.run();
        return;
      } catch (DriverException e) {
        if (!e.retryable() || attempt >= retry.attempts()) {
          throw e;
        }
        sleep(retry.delayAfter(attempt));
      }
    }
  }

  private static void locked(Lock lock, Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RingmasterException("apply interrupted", e);
    }
  }

  private int begin(Change change) {
    int index = started.incrementAndGet();
    listener.started(index, total, change);
    return index;
  }

  private ActionResult end(ActionResult result) {
    listener.finished(result);
    return result;
  }

  private JournalEntry intent(Change change) {
    return JournalEntry.intent(
        passId,
        commit,
        change.environment(),
        change.resource().toString(),
        change.action(),
        change.impact());
  }
}
