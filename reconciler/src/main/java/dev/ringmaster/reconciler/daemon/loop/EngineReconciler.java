package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.DriftPolicy;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.engine.Condition;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.gate.SafetyOverrides;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.DriftItem;
import dev.ringmaster.reconciler.plan.DriftReport;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The daemon's port onto the engine facade ({@link Reconciler}) and its state store. Loads and
 * validates the fleet once per commit; a pass plans one environment against a fresh observation and
 * applies what policy allows; drift under {@code report} is only reported on resync passes.
 * Thread-safe for distinct environments.
 */
public final class EngineReconciler implements EnvironmentReconciler {
  private final Reconciler engine;
  private final StateStore store;
  private final DriverRegistry drivers;
  private final RingmasterMetrics metrics;
  private final LoadedFleets fleets;
  private final Map<String, Map<String, String>> unreachableByEnvironment =
      new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Set<String> known;
  private final DaemonSafety safety;
  private final DaemonRestores restores;
  private volatile HostWritePermits writes = new HostWritePermits(1);
  private Thread warmUp; // guarded by closed

  public EngineReconciler(
      Reconciler engine, StateStore store, DriverRegistry drivers, RingmasterMetrics metrics) {
    this.engine = engine;
    this.store = store;
    this.drivers = drivers;
    this.metrics = metrics;
    this.fleets = new LoadedFleets(() -> LoadedFleets.rootDisks(store));
    this.safety = new DaemonSafety(store);
    this.restores = new DaemonRestores(store, drivers);
  }

  private final Map<String, TerminalFailure> terminalFailures = new ConcurrentHashMap<>();

  /** Plans again at most this often when other passes wrote to the same hosts meanwhile. */
  private static final int REPLANS = 3;

  @Override
  public PassResult reconcile(String environment, RepoSnapshot snapshot, PassOptions options) {
    for (int attempt = 0; ; attempt++) {
      PassResult r = reconcile(environment, snapshot, options, attempt < REPLANS);
      if (r != null) {
        return r;
      }
    }
  }

  /**
   * One attempt; null when {@code mayReplan} and another pass wrote to a host this one is about to
   * write to after it planned (so its plan may be out of date): the caller plans again.
   */
  private PassResult reconcile(
      String environment, RepoSnapshot snapshot, PassOptions options, boolean mayReplan) {
    Map<String, Long> seen = writes.generations();
    LoadResult loaded = fleets.of(snapshot);
    if (loaded.hasErrors()) {
      return invalid(environment, snapshot.commit(), loaded);
    }
    var engineSnapshot =
        new dev.ringmaster.reconciler.engine.FleetSnapshot(loaded.fleet(), snapshot.commit());
    PlanResult planned = engine.plan(engineSnapshot, Set.of(environment), options.freshAsOfNanos());
    remember(loaded, environment, planned.plan());
    noteUnreachable(environment, planned.plan());
    PassOutcome outcome = new PassOutcome(environment, snapshot.commit(), planned);
    boolean blocked = !ResourceKinds.installed().blocking(planned.plan().unreachable()).isEmpty();
    boolean applies =
        !blocked
            && planned.plan().applicable()
            && !outcome.nothingToDo()
            && !reportOnly(loaded, environment, options);
    if (!applies) {
      engine.record(planned);
    }
    if (blocked) {
      return outcome.unreachable();
    }
    PassResult result = pass(environment, loaded, planned, outcome, options, seen, mayReplan);
    return result == null ? null : outcome.heldBack(result);
  }

  /** The pass once no unreachable endpoint stops it (some kinds' changes may be held back). */
  private PassResult pass(
      String environment,
      LoadResult loaded,
      PlanResult planned,
      PassOutcome outcome,
      PassOptions options,
      Map<String, Long> seen,
      boolean mayReplan) {
    if (!planned.plan().applicable()) {
      return safety.finish(environment, planned, null, outcome.refused());
    }
    if (outcome.nothingToDo()) {
      return safety.finish(environment, planned, null, outcome.inSync());
    }
    if (reportOnly(loaded, environment, options)) {
      return safety.finish(environment, planned, null, outcome.driftReported());
    }
    ApplyPolicy policy =
        new ApplyPolicy(
            options.allowRestart(),
            options.allowDestructive(),
            ApplyPolicy.DEFAULT_SHUTDOWN_TIMEOUT);
    TerminalFailure stopped = terminalFailures.get(environment);
    if (stopped != null && stopped.matches(planned)) {
      engine.record(planned);
      return stopped.result();
    }
    SafetyOverrides overrides = safety.overrides(environment, planned, options);
    ApplyReport report;
    Set<String> hosts = hostsWritten(planned);
    try (HostWritePermits.Held held = writes.acquire(hosts)) {
      if (mayReplan && writes.movedOn(seen, hosts)) {
        held.abandon();
        return null;
      }
      report = engine.apply(planned, policy, overrides, new LoggingListener(metrics));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.ringmaster.model.RingmasterException(
          "the pass of " + environment + " was interrupted waiting to write", e);
    }
    PassResult result = safety.finish(environment, planned, report, outcome.applied(report));
    if (result.terminal()) {
      terminalFailures.put(environment, TerminalFailure.of(planned, report, result));
    } else {
      terminalFailures.remove(environment);
    }
    return result;
  }

  /**
   * Passes plan concurrently; only their apply phases are bounded per hypervisor. A pass that gets
   * its permits after another pass applied on the same hosts plans again (up to {@link #REPLANS}
   * times), so what it applies was planned from what those hosts hold after the earlier writers;
   * after that its plan runs as it is, its actions being convergent (ensure, define, start,
   * delete-if-present). A hand-made change meanwhile queues another pass of the environment.
   */
  @Override
  public boolean boundWritesPerHypervisor(int perHost) {
    writes = new HostWritePermits(perHost);
    return true;
  }

  /** The hypervisors (and other endpoints) the planned changes write to. */
  private static Set<String> hostsWritten(PlanResult planned) {
    Set<String> hosts = new TreeSet<>();
    planned.plan().changes().forEach(c -> hosts.add(c.resource().host()));
    return hosts;
  }

  @Override
  public RestoreReport restore(
      RestoreRequest request, RepoSnapshot snapshot, java.time.Instant now) {
    LoadResult loaded = fleets.of(snapshot);
    if (loaded.hasErrors()) {
      throw new RingmasterException(invalid("", snapshot.commit(), loaded).message());
    }
    return restores.restore(request, loaded.fleet(), snapshot.commit(), writes, now);
  }

  @Override
  public List<Diagnostic> validate(RepoSnapshot snapshot) {
    return fleets.of(snapshot).errors();
  }

  @Override
  public java.util.Optional<dev.ringmaster.model.Fleet> fleet(RepoSnapshot snapshot) {
    return java.util.Optional.of(fleets.of(snapshot).fleet());
  }

  private static boolean reportOnly(LoadResult loaded, String environment, PassOptions options) {
    DriftPolicy policy =
        loaded
            .fleet()
            .environment(environment)
            .map(Environment::driftPolicy)
            .orElse(DriftPolicy.REVERT);
    return (options.trigger() == PassOptions.Trigger.RESYNC
            || options.trigger() == PassOptions.Trigger.DRIFT)
        && policy == DriftPolicy.REPORT;
  }

  private static PassResult invalid(String environment, String commit, LoadResult loaded) {
    List<Diagnostic> errors = loaded.errors();
    String message =
        errors.size()
            + " error(s) in the fleet repository at "
            + commit
            + "; nothing is applied. First: "
            + errors.get(0);
    return new PassResult(
        environment,
        commit,
        PassResult.Result.PENDING,
        Map.of(),
        0,
        0,
        List.of(
            new Condition("Ready", false, "InvalidSpec", message),
            new Condition("Synced", false, "InvalidSpec", message)),
        message);
  }

  private void noteUnreachable(String environment, Plan plan) {
    if (plan.unreachable().isEmpty()) {
      unreachableByEnvironment.remove(environment);
    } else {
      unreachableByEnvironment.put(environment, Map.copyOf(plan.unreachable()));
    }
  }

  /**
   * A pass that failed terminally: its commit and the changes that failed, each with the live state
   * it was planned from. A later pass that plans the same changes from the same state at the same
   * commit would fail the same way, so it is not tried.
   */
  private record TerminalFailure(String commit, Set<String> failed, PassResult result) {
    static TerminalFailure of(PlanResult planned, ApplyReport report, PassResult result) {
      Set<String> failed = new TreeSet<>();
      report.withOutcome(JournalEntry.Outcome.FAILED).forEach(r -> failed.add(key(r.change())));
      return new TerminalFailure(planned.plan().commit(), failed, result);
    }

    boolean matches(PlanResult planned) {
      if (!commit.equals(planned.plan().commit())) {
        return false;
      }
      Set<String> now = new TreeSet<>();
      planned.plan().changes().forEach(c -> now.add(key(c)));
      return now.containsAll(failed);
    }

    private static String key(Change c) {
      return c.resource() + " " + c.action() + " " + c.before() + " -> " + c.after();
    }
  }

  @Override
  public Plan plan(String environment, RepoSnapshot snapshot) {
    LoadResult loaded = fleets.of(snapshot);
    if (loaded.hasErrors()) {
      throw new RingmasterException(invalid(environment, snapshot.commit(), loaded).message());
    }
    Plan plan =
        engine
            .plan(
                new dev.ringmaster.reconciler.engine.FleetSnapshot(
                    loaded.fleet(), snapshot.commit()),
                Set.of(environment))
            .plan();
    remember(loaded, environment, plan);
    return plan;
  }

  @Override
  public java.util.Optional<LastPlan> lastPlan(String environment) {
    return store.plans(environment, 1).stream()
        .findFirst()
        .map(
            p ->
                new LastPlan(
                    p.at(),
                    p.commit(),
                    p.changes().stream()
                        .filter(i -> !"NO_OP".equals(i.action()))
                        .map(
                            i ->
                                new LastPlan.Item(i.resource(), i.action(), i.impact(), i.reason()))
                        .toList(),
                    p.refused()));
  }

  @Override
  public DriftView drift(RepoSnapshot snapshot) {
    LoadResult loaded = fleets.of(snapshot);
    if (loaded.hasErrors()) {
      throw new RingmasterException(invalid("", snapshot.commit(), loaded).message());
    }
    DriftReport report =
        engine.drift(
            new dev.ringmaster.reconciler.engine.FleetSnapshot(loaded.fleet(), snapshot.commit()),
            Set.of());
    List<DriftView.Entry> entries = new ArrayList<>();
    for (DriftItem i : report.items()) {
      entries.add(
          new DriftView.Entry(
              i.environment(), i.resource().toString(), i.field(), i.lastApplied(), i.observed()));
    }
    return new DriftView(report.commit(), entries, report.unreachable());
  }

  @Override
  public EventPage events(long before, int limit) {
    List<EventPage.Event> events = new ArrayList<>();
    for (JournalEntry e : store.journal(before, limit)) {
      events.add(
          new EventPage.Event(
              e.seq(),
              e.at().toString(),
              e.passId(),
              e.commit(),
              e.environment(),
              e.resource(),
              e.action().name(),
              e.impact() == null ? "" : e.impact().key(),
              e.phase().name(),
              e.outcome() == null ? "" : e.outcome().name(),
              e.durationMillis(),
              e.message()));
    }
    long next = events.size() < limit ? 0 : events.get(events.size() - 1).seq();
    return new EventPage(events, next);
  }

  @Override
  public void recordWebhook(
      String provider, String delivery, String ref, boolean replay, boolean fetch) {
    String id = delivery.isEmpty() ? "(no delivery id)" : delivery;
    String message =
        (replay ? "webhook replay of delivery " : "webhook delivery ")
            + id
            + " from "
            + provider
            + (ref.isEmpty() ? "" : " for " + ref)
            + (replay ? "; already received, nothing fetched" : fetch ? "; fetching" : "; ignored");
    store.append(
        new JournalEntry(
            0,
            "webhook-" + java.util.UUID.randomUUID(),
            "",
            "",
            "webhook/" + provider + "/" + id,
            dev.ringmaster.reconciler.plan.Action.NO_OP,
            null,
            JournalEntry.Phase.OUTCOME,
            replay ? JournalEntry.Outcome.SKIPPED : JournalEntry.Outcome.OK,
            message,
            0,
            java.time.Instant.now()));
  }

  @Override
  public void approveMassDelete(MassDeleteApproval approval) {
    safety.records().approve(approval);
  }

  @Override
  public Map<String, Map<String, Object>> maintenance() {
    return safety.records().maintenance();
  }

  /**
   * Read from the state store once (a scan of the plan history), then kept in step with the plans
   * recorded through this instance, the only writer of the store.
   */
  @Override
  public Set<String> knownEnvironments() {
    return new TreeSet<>(known());
  }

  private Set<String> known() {
    Set<String> k = known;
    if (k == null) {
      synchronized (this) {
        if (known == null) {
          Set<String> loaded = ConcurrentHashMap.newKeySet();
          loaded.addAll(store.environments());
          loaded.remove("");
          known = loaded;
        }
        k = known;
      }
    }
    return k;
  }

  private void remember(LoadResult loaded, String environment, Plan plan) {
    Set<String> k = known();
    if (loaded.fleet().environment(environment).isPresent()) {
      k.add(environment);
    }
    plan.changes().forEach(c -> k.add(c.environment()));
    plan.refused().forEach(r -> k.add(r.environment()));
    k.remove("");
  }

  @Override
  public void watchHypervisors(java.util.function.Consumer<String> changed) {
    drivers.watch((host, environment, object) -> changed.accept(environment));
  }

  @Override
  public List<String> problems() {
    Set<String> problems = new TreeSet<>(drivers.watchProblems());
    unreachableByEnvironment
        .values()
        .forEach(
            m ->
                m.forEach(
                    (h, why) ->
                        problems.add(
                            ResourceKinds.describeUnreachable(h) + " unreachable: " + why)));
    return List.copyOf(problems);
  }

  @Override
  public java.util.Optional<Reconciler> engine() {
    return java.util.Optional.of(engine);
  }

  /**
   * Reads the state store's last-applied records into its memory on a thread of its own: on a
   * converged 1,000-VM host that is about 5,000 records and a fifth of a second, which the first
   * commit's validation (applied root disk sizes) and every first pass otherwise wait for. Whoever
   * needs them meanwhile waits for this one read; a failure here is left for them to meet and
   * report.
   */
  @Override
  public void warmUp() {
    synchronized (closed) {
      if (closed.get() || warmUp != null) {
        return;
      }
      warmUp =
          new Thread(
              () -> {
                try {
                  store.lastAppliedOf(Set.of());
                } catch (RuntimeException e) {
                  // the first pass reads the same records and reports what is wrong with them
                }
              },
              "ringmaster-warm-up");
      warmUp.setDaemon(true);
      warmUp.start();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      drivers.close();
      awaitWarmUp(); // RocksDB must not be closed under an open iterator
      store.close();
    }
  }

  private void awaitWarmUp() {
    Thread t;
    synchronized (closed) {
      t = warmUp;
    }
    if (t == null) {
      return;
    }
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
