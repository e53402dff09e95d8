package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.daemon.loop.PassOptions.Trigger;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.source.FetchStatus;
import dev.ringmaster.reconciler.source.GitSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The GitOps loop: polls and fetches the fleet repository, queues the environments a new commit
 * touches, resyncs every environment periodically, runs passes through an {@link
 * EnvironmentReconciler}, and keeps what the API and health checks show. Plain Java; thread-safe.
 */
public final class Daemon implements AutoCloseable {
  private final Map<String, String> nowRequests = new ConcurrentHashMap<>();
  private static final Logger LOG = Logger.getLogger(Daemon.class);

  private final DaemonSettings settings;
  private final GitSource source;
  private final EnvironmentReconciler reconciler;
  private final RingmasterMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final WorkQueue queue;
  private final AtomicBoolean fetchQueued = new AtomicBoolean();
  private final ConcurrentMap<String, Trigger> triggers = new ConcurrentHashMap<>();

  /** When each queued environment's pass was last asked for ({@link System#nanoTime()}). */
  private final ConcurrentMap<String, Long> askedAt = new ConcurrentHashMap<>();

  private final ConcurrentMap<String, EnvironmentState> statuses = new ConcurrentHashMap<>();
  private volatile RepoSnapshot snapshot;
  private volatile Instant commitTime;
  private volatile RefusedCommit refused;
  private final WorkQueue.Timer wakeTimer;
  private final ConcurrentMap<String, Instant> wakes = new ConcurrentHashMap<>();

  public Daemon(
      DaemonSettings settings,
      GitSource source,
      EnvironmentReconciler reconciler,
      RingmasterMetrics metrics,
      Clock clock) {
    this(settings, source, reconciler, metrics, clock, null);
  }

  /**
   * As the other constructor; {@code wakeTimer} (null: the daemon's own scheduler) runs the
   * wake-ups that requeue an environment when a held change becomes due, after a delay measured on
   * {@code clock}.
   */
  public Daemon(
      DaemonSettings settings,
      GitSource source,
      EnvironmentReconciler reconciler,
      RingmasterMetrics metrics,
      Clock clock,
      WorkQueue.Timer wakeTimer) {
    this.settings = settings;
    this.source = source;
    this.reconciler = reconciler;
    this.metrics = metrics;
    this.clock = clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(named("ringmaster-scheduler"));
    this.workers = Executors.newFixedThreadPool(settings.workers(), named("ringmaster-pass"));
    this.queue =
        new WorkQueue(
            workers,
            (delay, task) -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
            settings.passBackoff(),
            settings.workers(),
            // a reconciler that bounds its writes per hypervisor lets passes plan concurrently
            reconciler.boundWritesPerHypervisor(settings.perHypervisor())
                ? settings.workers()
                : settings.perHypervisor(),
            this::hostsOf,
            this::runPass);
    metrics.watch(queue::depth, queue::inFlight, this::commitAgeSeconds);
    this.wakeTimer =
        wakeTimer != null
            ? wakeTimer
            : (delay, task) -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Starts polling (a first fetch at once), the periodic resync and the hypervisors' change feeds:
   * a hand-made change of an owned object queues its environment at once. The reconciler's local
   * state is read in the background meanwhile ({@link EnvironmentReconciler#warmUp}).
   */
  public void start() {
    reconciler.warmUp();
    reconciler.watchHypervisors(this::changedOnHypervisor);
    long poll = settings.pollInterval().toMillis();
    long resync = settings.resyncInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::triggerFetch, 0, poll, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
  }

  /** Asks for a fetch now; a burst of requests coalesces into one fetch. Non-blocking. */
  public void triggerFetch() {
    if (fetchQueued.compareAndSet(false, true)) {
      scheduler.execute(this::fetchCycle);
    }
  }

  private void fetchCycle() {
    fetchQueued.set(false);
    FetchStatus status = source.fetch();
    metrics.fetch(status.problem().isEmpty());
    if (status.problem().isPresent()) {
      LOG.warnf("%s", status.problem().get());
      Duration retry = settings.fetchBackoff().delay(status.failures());
      scheduler.schedule(this::triggerFetch, retry.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    RepoSnapshot current = snapshot;
    RefusedCommit r = refused;
    if (r != null && r.commit().equals(status.commit())) {
      return;
    }
    if (current == null || !current.commit().equals(status.commit())) {
      adopt(current, status.commit());
    } else {
      refused = null;
    }
  }

  private void adopt(RepoSnapshot previous, String commit) {
    RepoSnapshot next;
    Set<String> affected = new TreeSet<>();
    try {
      next = RepoSnapshot.of(commit, source.files(commit));
      List<dev.ringmaster.model.Diagnostic> errors = reconciler.validate(next);
      if (!errors.isEmpty()) {
        refuse(previous, commit, errors);
        return;
      }
      commitTime = source.commitTime(commit);
      if (previous == null) {
        affected.addAll(next.index().environments());
        affected.addAll(reconciler.knownEnvironments());
      } else {
        affected.addAll(
            source.affectedEnvironments(previous.index(), next.index(), previous.commit(), commit));
      }
    } catch (RuntimeException e) {
      LOG.errorf("cannot read commit %s: %s", commit, e.getMessage());
      return;
    }
    snapshot = next;
    refused = null;
    LOG.infof("commit %s: %d environment(s) to reconcile", shortId(commit), affected.size());
    enqueue(affected, Trigger.GIT_CHANGE);
  }

  private void refuse(
      RepoSnapshot previous, String commit, List<dev.ringmaster.model.Diagnostic> errors) {
    RefusedCommit r =
        RefusedCommit.of(
            commit, previous == null ? null : previous.commit(), clock.instant(), errors);
    refused = r;
    LOG.errorf("%s", r.summary());
    r.errors().stream().skip(1).forEach(e -> LOG.errorf("  %s", e));
  }

  /**
   * The last commit fetched from the watched branch if it was refused for validation errors; empty
   * once a valid commit is in force again.
   */
  public Optional<RefusedCommit> refused() {
    return Optional.ofNullable(refused);
  }

  private void changedOnHypervisor(String environment) {
    if (snapshot != null && !environment.isEmpty()) {
      enqueue(List.of(environment), Trigger.DRIFT);
    }
  }

  /** Queues a pass of every environment (declared or known to the state store). */
  public void resync() {
    if (snapshot != null) {
      enqueue(allEnvironments(), Trigger.RESYNC);
    }
  }

  private void enqueue(Collection<String> environments, Trigger trigger) {
    for (String env : environments) {
      triggers.merge(env, trigger, (a, b) -> a == Trigger.RESYNC || a == Trigger.DRIFT ? b : a);
      askedAt.merge(env, System.nanoTime(), (a, b) -> b - a > 0 ? b : a);
      queue.add(env);
    }
  }

  /**
   * Queues a pass of {@code environment} now. Returns false when the environment is unknown (not
   * declared at the commit in force and never passed).
   */
  public boolean requestPass(String environment) {
    return requestPass(environment, null);
  }

  /**
   * Queues a manual pass; with {@code nowBy} (the operator's name) the environment's restart
   * changes in that pass run now, outside their maintenance window (journaled by the engine).
   */
  public boolean requestPass(String environment, String nowBy) {
    if (!allEnvironments().contains(environment)) {
      return false;
    }
    if (nowBy != null) {
      nowRequests.put(environment, nowBy);
    }
    enqueue(List.of(environment), Trigger.MANUAL);
    return true;
  }

  private Set<String> hostsOf(String environment) {
    RepoSnapshot s = snapshot;
    return s == null ? Set.of() : s.index().hostsOf(environment);
  }

  private boolean runPass(String environment) {
    RepoSnapshot s = snapshot;
    Trigger trigger = Optional.ofNullable(triggers.remove(environment)).orElse(Trigger.RESYNC);
    MDC.put("env", environment);
    MDC.put("commit", shortId(s.commit()));
    Instant started = clock.instant();
    try {
      PassResult result = reconcileSafely(environment, s, trigger);
      Duration took = Duration.between(started, clock.instant());
      record(environment, s, result, took);
      return !result.failed() || result.terminal();
    } finally {
      MDC.remove("env");
      MDC.remove("commit");
    }
  }

  private PassResult reconcileSafely(String environment, RepoSnapshot s, Trigger trigger) {
    Long asked = askedAt.remove(environment);
    PassOptions options =
        new PassOptions(
            trigger,
            settings.allowRestart(),
            settings.allowDestructive(),
            nowRequests.remove(environment),
            asked == null ? System.nanoTime() : asked);
    try {
      return reconciler.reconcile(environment, s, options);
    } catch (RuntimeException e) {
      return PassResult.failed(environment, s.commit(), messageOf(e));
    }
  }

  private void record(String environment, RepoSnapshot s, PassResult r, Duration took) {
    int failures = r.failed() ? queue.failures(environment) + 1 : 0;
    statuses.put(
        environment,
        new EnvironmentState(
            environment,
            s.index().declares(environment),
            r.commit() == null ? s.commit() : r.commit(),
            clock.instant(),
            r.result(),
            r.message(),
            r.conditions(),
            r.pending(),
            r.drifted(),
            took.toMillis(),
            failures));
    metrics.pass(environment, r.result(), took);
    metrics.drifted(environment, r.drifted());
    r.applied().forEach(metrics::applied);
    if (r.wakeAt() == null) {
      wakes.remove(environment);
    } else {
      scheduleWake(environment, r.wakeAt());
    }
    switch (r.result()) {
      case IN_SYNC -> LOG.debugf("in sync (%d ms)", took.toMillis());
      case APPLIED -> LOG.infof("applied %s (%d ms)", r.applied(), took.toMillis());
      case PENDING -> LOG.infof("%d change(s) pending: %s", r.pending(), r.message());
      case FAILED -> LOG.warnf("pass failed: %s", r.message());
    }
  }

  private void scheduleWake(String environment, Instant at) {
    if (!at.equals(wakes.put(environment, at))) {
      Duration delay = Duration.between(clock.instant(), at);
      LOG.debugf("next pass of %s at %s, when a held change becomes due", environment, at);
      try {
        wakeTimer.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> wake(environment, at));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        wakes.remove(environment, at);
      }
    }
  }

  private void wake(String environment, Instant at) {
    if (wakes.remove(environment, at)) {
      enqueue(List.of(environment), Trigger.SCHEDULED);
    }
  }

  /** When each environment is due to pass again because a held change becomes due. */
  public Map<String, Instant> scheduledWakes() {
    return Map.copyOf(wakes);
  }

  public static String messageOf(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String shortId(String commit) {
    return commit == null ? "-" : commit.substring(0, Math.min(12, commit.length()));
  }

  private Set<String> allEnvironments() {
    Set<String> all = new TreeSet<>(statuses.keySet());
    RepoSnapshot s = snapshot;
    if (s != null) {
      all.addAll(s.index().environments());
    }
    all.addAll(reconciler.knownEnvironments());
    return all;
  }

  private Number commitAgeSeconds() {
    Instant t = commitTime;
    return t == null ? 0 : Duration.between(t, clock.instant()).toSeconds();
  }

  public FetchStatus fetchStatus() {
    return source.status();
  }

  /** The snapshot in force: the last good commit, empty before the first successful fetch. */
  public Optional<RepoSnapshot> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /** The Git mirror (for plans of refs other than the watched branch). */
  public GitSource source() {
    return source;
  }

  /** The reconcile engine, when this daemon runs the real one (for live plans of other refs). */
  public Optional<dev.ringmaster.reconciler.engine.Reconciler> engine() {
    return reconciler.engine();
  }

  public List<EnvironmentState> environments() {
    RepoSnapshot s = snapshot;
    Set<String> declared = s == null ? Set.of() : s.index().environments();
    List<EnvironmentState> all = new ArrayList<>();
    for (String name : allEnvironments()) {
      all.add(statuses.getOrDefault(name, EnvironmentState.unknown(name, declared.contains(name))));
    }
    return all;
  }

  public Optional<EnvironmentState> environment(String name) {
    return environments().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public Optional<EnvironmentDetail> detail(String name) {
    return environment(name)
        .map(s -> new EnvironmentDetail(s, reconciler.lastPlan(name).orElse(null)));
  }

  /** The plan of {@code environment} computed now; empty when there is no commit yet. */
  public Optional<Plan> plan(String environment) {
    return snapshot().map(s -> reconciler.plan(environment, s));
  }

  /** The fleet loaded at the commit in force (for views); empty before the first fetch. */
  public Optional<dev.ringmaster.model.Fleet> fleet() {
    return snapshot().flatMap(reconciler::fleet);
  }

  public Optional<DriftView> drift() {
    return snapshot().map(reconciler::drift);
  }

  /**
   * Approves that passes planning from exactly {@code commit} may exceed the deletion budget, for
   * {@code environment} or (null or blank) every environment; records and journals it, then queues
   * the environment, or every environment whose last pass at that commit was held by the budget.
   *
   * @throws RequestRefused INVALID for a commit that is not a full SHA-1, NOT_FOUND for a commit
   *     not in the mirror or an unknown environment, NOT_READY before the first fetch
   */
  public MassDeletionApproved approveMassDelete(String commit, String environment, String by) {
    String sha = commit == null ? "" : commit.trim().toLowerCase(java.util.Locale.ROOT);
    if (!MassDeleteApproval.isFullSha(sha)) {
      throw new RequestRefused(
          RequestRefused.Reason.INVALID,
          "commit must be a full 40-character SHA-1, not '" + commit + "'");
    }
    String env = environment == null ? "" : environment.trim();
    if (!env.isEmpty() && !allEnvironments().contains(env)) {
      throw new RequestRefused(
          RequestRefused.Reason.NOT_FOUND, "no environment named '" + env + "'");
    }
    if (snapshot == null) {
      throw new RequestRefused(
          RequestRefused.Reason.NOT_READY, "no commit fetched yet: see /q/health/ready");
    }
    try {
      source.commitTime(sha);
    } catch (RuntimeException e) {
      throw new RequestRefused(
          RequestRefused.Reason.NOT_FOUND, "commit " + sha + " is not in the fetched history");
    }
    MassDeleteApproval approval = new MassDeleteApproval(sha, env, by, clock.instant());
    reconciler.approveMassDelete(approval);
    Set<String> queued =
        env.isEmpty() ? MaintenanceView.heldByBudgetAt(reconciler.maintenance(), sha) : Set.of(env);
    queued.forEach(e -> requestPass(e));
    return new MassDeletionApproved(
        sha, env.isEmpty() ? null : env, approval.by(), approval.at(), List.copyOf(queued));
  }

  /**
   * Restores a VM's root disk from a backup ({@code docs/backups.md#restore}). A dry run only
   * decides. Otherwise the restore runs in the queue slot of the VM's environment, so no pass of
   * that environment runs while the VM is shut off for it; after a restore (or a failed one) the
   * environment passes again. Blocks until done.
   *
   * @throws RequestRefused NOT_READY before the first fetch or while shutting down, NOT_FOUND for a
   *     VM the fleet at the commit in force does not declare
   * @throws RestoreFailed when the restore failed part-way
   */
  public RestoreReport restore(RestoreRequest request) {
    RepoSnapshot s = snapshot;
    if (s == null) {
      throw new RequestRefused(
          RequestRefused.Reason.NOT_READY, "no commit fetched yet: see /q/health/ready");
    }
    String environment =
        reconciler
            .fleet(s)
            .flatMap(f -> f.environmentOfVm(request.vm()))
            .map(dev.ringmaster.model.Environment::name)
            .orElseThrow(
                () ->
                    new RequestRefused(
                        RequestRefused.Reason.NOT_FOUND,
                        "no VM "
                            + request.vm()
                            + " in the fleet at commit "
                            + shortId(s.commit())));
    if (request.dryRun()) {
      return reconciler.restore(request, s, clock.instant());
    }
    try {
      return queue.submit(environment, () -> restoreInSlot(environment, request)).get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.util.concurrent.RejectedExecutionException) {
        throw new RequestRefused(RequestRefused.Reason.NOT_READY, "the daemon is shutting down");
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new dev.ringmaster.model.RingmasterException(messageOf(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RequestRefused(
          RequestRefused.Reason.NOT_READY,
          "interrupted waiting for the restore of " + request.vm());
    }
  }

  private RestoreReport restoreInSlot(String environment, RestoreRequest request) {
    RepoSnapshot s = snapshot;
    MDC.put("env", environment);
    MDC.put("commit", shortId(s.commit()));
    boolean wrote = true;
    try {
      RestoreReport report = reconciler.restore(request, s, clock.instant());
      wrote = report.outcome() == RestoreReport.Outcome.RESTORED;
      LOG.infof("restore of %s: %s", request.vm(), report.message());
      return report;
    } catch (RequestRefused e) {
      wrote = false;
      throw e;
    } catch (RuntimeException e) {
      LOG.warnf("restore of %s: %s", request.vm(), messageOf(e));
      throw e;
    } finally {
      if (wrote) {
        enqueue(List.of(environment), Trigger.MANUAL);
      }
      MDC.remove("env");
      MDC.remove("commit");
    }
  }

  /**
   * What is scheduled fleet-wide (or for {@code environment}), from each environment's last pass.
   *
   * @throws RequestRefused NOT_FOUND for an unknown environment
   */
  public Map<String, Object> maintenance(String environment) {
    if (environment != null && !allEnvironments().contains(environment)) {
      throw new RequestRefused(
          RequestRefused.Reason.NOT_FOUND, "no environment named '" + environment + "'");
    }
    RepoSnapshot s = snapshot;
    return MaintenanceView.of(
        reconciler.maintenance(), environment, clock.instant(), s == null ? null : s.commit());
  }

  /**
   * Journals a genuine webhook delivery: its provider, delivery id and ref, whether it is a replay
   * of one already received (then nothing is fetched) and whether it triggered a fetch.
   */
  public void recordWebhook(
      String provider, String delivery, String ref, boolean replay, boolean fetch) {
    reconciler.recordWebhook(provider, delivery, ref, replay, fetch);
  }

  public EventPage events(long before, int limit) {
    return reconciler.events(before, limit);
  }

  public int queueDepth() {
    return queue.depth();
  }

  /** Why the daemon is not ready; empty when it is. */
  public List<String> readinessProblems() {
    List<String> problems = new ArrayList<>();
    FetchStatus status = source.status();
    if (!status.everSucceeded() && status.problem().isEmpty()) {
      problems.add("no successful git fetch yet from " + source.settings().url());
    }
    status.problem().ifPresent(problems::add);
    RefusedCommit r = refused;
    if (r != null && snapshot == null) {
      problems.add(r.summary());
    }
    problems.addAll(reconciler.problems());
    return problems;
  }

  /**
   * Stops scheduling, lets passes in flight finish for up to the shutdown grace, then closes the
   * reconciler (and its state store). Idempotent.
   */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!queue.close(settings.shutdownGrace())) {
        LOG.warnf("passes still running after %s; closing anyway", settings.shutdownGrace());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    reconciler.close();
    source.close();
  }
}
