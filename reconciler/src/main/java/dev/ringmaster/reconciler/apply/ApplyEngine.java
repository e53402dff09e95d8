package dev.ringmaster.reconciler.apply;

import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Carries out a {@link Plan}: hypervisors in parallel; on each, networks first, then up to {@code
 * concurrencyPerHost} VM chains at once (each chain sequential: volumes, domain, guest; deletions
 * domain first), then network deletions. Calls to one hypervisor's driver are serialised (the SPI
 * does not promise thread-safety). Restart-class domain changes run one VM per environment at a
 * time. Every action is journaled (intent before, outcome after); last-applied state is updated on
 * success. A failure fails that resource and what depends on it, never the others. Blocking;
 * thread-safe (passes may run concurrently on distinct hypervisors).
 */
public final class ApplyEngine {
  private final DriverAccess drivers;
  private final StateStore store;
  private final int concurrencyPerHost;
  private final RetryPolicy retry;
  private final Map<String, Lock> hostLocks = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> restartSlots = new ConcurrentHashMap<>();

  /**
   * @param drivers the connected driver of a hypervisor, by name
   * @param guests the guest driver; null when guests are not managed
   */
  public ApplyEngine(
      Function<String, HypervisorDriver> drivers,
      GuestDriver guests,
      StateStore store,
      int concurrencyPerHost,
      RetryPolicy retry) {
    this(
        new FunctionDriverAccess(drivers, guests, t -> Optional.empty()),
        store,
        concurrencyPerHost,
        retry);
  }

  /**
   * @param drivers the drivers the kinds' handlers use
   */
  public ApplyEngine(
      DriverAccess drivers, StateStore store, int concurrencyPerHost, RetryPolicy retry) {
    if (concurrencyPerHost < 1) {
      throw new IllegalArgumentException("concurrencyPerHost must be at least 1");
    }
    this.drivers = drivers;
    this.store = store;
    this.concurrencyPerHost = concurrencyPerHost;
    this.retry = retry;
  }

  /** Applies the plan; refuses (throws) a plan with refused changes. */
  public ApplyReport apply(Plan plan, ApplyPolicy policy, ApplyListener listener) {
    return apply(plan, policy, listener, HoldCheck.NONE);
  }

  /** Applies the plan, skipping the changes {@code holds} holds with its reason. */
  public ApplyReport apply(Plan plan, ApplyPolicy policy, ApplyListener listener, HoldCheck holds) {
    if (!plan.applicable()) {
      throw new RingmasterException(
          "the plan cannot be applied: "
              + plan.refused().stream().map(Refusal::toString).collect(Collectors.joining("; ")));
    }
    List<Change> work = plan.actionable();
    String passId = UUID.randomUUID().toString();
    ChangeRunner runner =
        new ChangeRunner(passId, plan.commit(), store, policy, retry, listener, work.size(), holds);
    Map<String, HostWork> hosts = HostWork.split(work);
    List<ActionResult> results = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, hosts.size()));
    try {
      List<Future<?>> running = new ArrayList<>();
      for (HostWork host : hosts.values()) {
        running.add(pool.submit(() -> runHost(host, runner, policy, results)));
      }
      awaitAll(running);
    } finally {
      pool.shutdownNow();
    }
    return new ApplyReport(passId, plan.commit(), results);
  }

  private void runHost(
      HostWork host, ChangeRunner runner, ApplyPolicy policy, List<ActionResult> results) {
    Lock lock = hostLocks.computeIfAbsent(host.host(), h -> new ReentrantLock());
    DriverActions actions;
    try {
      if (host.hypervisorBound()) {
        drivers.hypervisor(host.host());
      }
      actions = new DriverActions(drivers, policy.shutdownTimeout());
    } catch (RingmasterException e) {
      failAll(host, runner, "cannot connect to " + host.host() + ": " + e.getMessage(), results);
      return;
    }
    boolean networksOk = true;
    for (Change c : host.networksUp()) {
      ActionResult r = runner.run(c, actions, lock);
      results.add(r);
      networksOk &= r.outcome() == Outcome.OK;
    }
    runChains(host, runner, actions, lock, networksOk, results);
    for (Change c : host.networksDown()) {
      results.add(runner.run(c, actions, lock));
    }
  }

  private void runChains(
      HostWork host,
      ChangeRunner runner,
      DriverActions actions,
      Lock lock,
      boolean networksOk,
      List<ActionResult> results) {
    ExecutorService pool = Executors.newFixedThreadPool(concurrencyPerHost);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (List<Change> chain : host.chains()) {
        running.add(pool.submit(() -> runChain(chain, runner, actions, lock, networksOk, results)));
      }
      awaitAll(running);
    } finally {
      pool.shutdownNow();
    }
  }

  private void runChain(
      List<Change> chain,
      ChangeRunner runner,
      DriverActions actions,
      Lock lock,
      boolean networksOk,
      List<ActionResult> results) {
    String blockedBy = networksOk ? null : "a network change on this hypervisor failed";
    String notRunning = blockedBy;
    for (Change c : chain) {
      if (ResourceKinds.installed().of(c.resource()).needsRunningDomain() && notRunning != null) {
        results.add(runner.skip(c, "the domain may not be running: " + notRunning));
        continue;
      }
      Optional<String> skipped = runner.skipReason(c);
      if (skipped.isPresent()) {
        ActionResult r = runner.skip(c, skipped.get());
        results.add(r);
        String what = c.resource() + " (skipped)";
        blockedBy = blockedBy == null && blocksRest(r) ? what : blockedBy;
        notRunning = notRunning == null ? what : notRunning;
        continue;
      }
      if (blockedBy != null) {
        results.add(runner.skip(c, "depends on " + blockedBy));
        continue;
      }
      ActionResult r = runRestartAware(c, runner, actions, lock);
      results.add(r);
      String what = c.resource() + " (" + r.outcome().name().toLowerCase() + ")";
      if (blocksRest(r)) {
        blockedBy = what;
      }
      if (r.outcome() != Outcome.OK) {
        notRunning = what;
      }
    }
  }

  private ActionResult runRestartAware(
      Change c, ChangeRunner runner, DriverActions actions, Lock lock) {
    if (c.impact() != Impact.RESTART) {
      return runner.run(c, actions, lock);
    }
    Semaphore slot = restartSlots.computeIfAbsent(c.environment(), e -> new Semaphore(1));
    slot.acquireUninterruptibly();
    try {
      return runner.run(c, actions, lock);
    } finally {
      slot.release();
    }
  }

  private static boolean blocksRest(ActionResult r) {
    return r.outcome() == Outcome.FAILED
        || (r.outcome() == Outcome.SKIPPED && r.change().action() != Action.UPDATE);
  }

  private static void failAll(
      HostWork host, ChangeRunner runner, String why, List<ActionResult> results) {
    host.networksUp().forEach(c -> results.add(runner.skip(c, why)));
    host.chains().forEach(chain -> chain.forEach(c -> results.add(runner.skip(c, why))));
    host.networksDown().forEach(c -> results.add(runner.skip(c, why)));
  }

  private static void awaitAll(List<Future<?>> futures) {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RingmasterException("apply interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new RingmasterException("apply worker failed: " + e.getCause(), e.getCause());
      }
    }
  }
}
