package dev.ringmaster.reconciler.review;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.gate.GatedPlan;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Planner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Plans a pull request. By default without touching a hypervisor: the base revision stands for the
 * live state (as it does once the fleet has converged), and the head is planned against the base's
 * desired resources observed as converged, owned and last applied, with the engine's pure {@link
 * Planner}. With {@link #planLive} the head is planned against the real live state through a {@link
 * Reconciler} (observing the touched environments' hypervisors). Both modes load the fleet at base
 * and head from the commit trees (no checkout), plan only the environments the change touches, and
 * pass the plan through the engine's {@link SafetyGate}, so restart changes carry the window they
 * will run in and removed VMs the staging they will go through. Blocking (reads the Git object
 * database; live mode observes); thread-safe.
 */
public final class PullRequestPlanner {
  private final Clock clock;
  private final SafetySettings settings;

  public PullRequestPlanner(Clock clock) {
    this(clock, SafetySettings.defaults());
  }

  public PullRequestPlanner(Clock clock, SafetySettings settings) {
    if (clock == null || settings == null) {
      throw new IllegalArgumentException("clock and settings are required");
    }
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Plans {@code head} against {@code base} in the Git work tree (or bare repository) at a path.
   */
  public PullRequestPlan plan(Path repository, String base, String head) {
    return withRepository(repository, repo -> plan(repo, base, head));
  }

  /**
   * Plans {@code head}'s touched environments against the live state {@code reconciler} observes,
   * gated as the engine would gate it (known-since, soft-delete marks and protection read from its
   * store). Applies nothing and writes nothing to the store (no plan history: the head is not in
   * force). The reconciler's clock and safety settings are used, not this planner's.
   */
  public static PullRequestPlan planLive(
      Path repository, String base, String head, Reconciler reconciler) {
    return withRepository(repository, repo -> planLive(repo, base, head, reconciler));
  }

  /** As {@link #planLive(Path, String, String, Reconciler)} on an open repository. */
  public static PullRequestPlan planLive(
      Repository repository, String base, String head, Reconciler reconciler) {
    ReconcilerConfig config = reconciler.config();
    return new PullRequestPlanner(config.clock(), config.safety())
        .plan(repository, base, head, new LiveState(reconciler));
  }

  public PullRequestPlan plan(Repository repository, String baseRevision, String headRevision) {
    return plan(repository, baseRevision, headRevision, new BaseState(settings));
  }

  private PullRequestPlan plan(
      Repository repository, String baseRevision, String headRevision, StandIn live) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    GitChanges git = new GitChanges(repository);
    RevCommit base = git.commit(baseRevision);
    RevCommit head = git.commit(headRevision);
    LoadResult baseLoad = FleetRepository.load(git.sourceFiles(base), AppliedRootDisks.NONE);
    LoadResult headLoad = FleetRepository.load(git.sourceFiles(head), rootDisks(baseLoad.fleet()));
    List<Diagnostic> diagnostics = new ArrayList<>(headLoad.diagnostics());
    boolean isLive = live instanceof LiveState;
    if (headLoad.hasErrors()) {
      return new PullRequestPlan(
          base.name(), head.name(), now, List.of(), diagnostics, isLive, null);
    }
    if (baseLoad.hasErrors()) {
      diagnostics.add(baseIsInvalid(base, baseLoad));
    }
    Set<String> touched = git.touched(base, head).environments();
    if (touched.isEmpty()) {
      return new PullRequestPlan(
          base.name(), head.name(), now, List.of(), diagnostics, isLive, null);
    }
    GatedPlan gated = live.plan(base, baseLoad.fleet(), head, headLoad.fleet(), touched, now);
    PlanReview review =
        new PlanReview(gated, live.settings(), now, headLoad.fleet(), baseLoad.fleet());
    return new PullRequestPlan(
        base.name(),
        head.name(),
        now,
        review.environments(touched),
        diagnostics,
        isLive,
        PlanReview.unreachable(
            gated.plan().unreachable(), touched, headLoad.fleet(), baseLoad.fleet()));
  }

  private static PullRequestPlan withRepository(
      Path repository, java.util.function.Function<Repository, PullRequestPlan> action) {
    try (Repository repo =
        new FileRepositoryBuilder().findGitDir(repository.toFile()).setMustExist(true).build()) {
      return action.apply(repo);
    } catch (IOException | IllegalArgumentException e) {
      throw new RingmasterException(
          "cannot open the Git repository at " + repository + ": " + e.getMessage(), e);
    }
  }

  /** What the head is planned against. */
  private sealed interface StandIn permits BaseState, LiveState {
    GatedPlan plan(
        RevCommit base,
        Fleet baseFleet,
        RevCommit head,
        Fleet headFleet,
        Set<String> touched,
        Instant now);

    SafetySettings settings();
  }

  /** The base revision as the converged live state, gated in a throw-away state store. */
  private record BaseState(SafetySettings settings) implements StandIn {
    @Override
    public GatedPlan plan(
        RevCommit base,
        Fleet baseFleet,
        RevCommit head,
        Fleet headFleet,
        Set<String> touched,
        Instant now) {
      Plan raw = PullRequestPlanner.plan(base, baseFleet, head, headFleet, touched);
      return ReviewGate.gate(settings, now, base.name(), baseFleet, headFleet, touched, raw);
    }
  }

  /**
   * The live state as the engine observes it, gated like the engine would, in a copy of its safety
   * records: nothing is written to the engine's store.
   */
  private record LiveState(Reconciler reconciler) implements StandIn {
    @Override
    public GatedPlan plan(
        RevCommit base,
        Fleet baseFleet,
        RevCommit head,
        Fleet headFleet,
        Set<String> touched,
        Instant now) {
      Plan raw = reconciler.preview(new FleetSnapshot(headFleet, head.name()), touched);
      return ReviewGate.gate(settings(), now, reconciler.store(), headFleet, touched, raw);
    }

    @Override
    public SafetySettings settings() {
      return reconciler.config().safety();
    }
  }

  private static Plan plan(
      RevCommit base, Fleet baseFleet, RevCommit head, Fleet headFleet, Set<String> touched) {
    ReviewGuests guests = new ReviewGuests();
    DesiredState converged = DesiredState.of(baseFleet, Set.of(), guests);
    DesiredState desired = DesiredState.of(headFleet, touched, guests);
    List<String> hosts = headFleet.hypervisors().stream().map(Hypervisor::name).toList();
    return Planner.plan(
        head.name(),
        desired,
        ConvergedObservation.of(converged, hosts),
        ConvergedObservation.lastApplied(converged, base.name()));
  }

  /** The base stands for what was applied: its root disks are the sizes that must not shrink. */
  private static AppliedRootDisks rootDisks(Fleet base) {
    return vm -> base.environmentOfVm(vm).flatMap(e -> e.vm(vm)).map(VmSpec::disk);
  }

  private static Diagnostic baseIsInvalid(RevCommit base, LoadResult baseLoad) {
    return Diagnostic.warning(
        baseLoad.errors().get(0).position(),
        "",
        "the base "
            + base.abbreviate(12).name()
            + " does not validate ("
            + baseLoad.errors().size()
            + " errors, the first: "
            + baseLoad.errors().get(0)
            + "); the plan compares against what could be read of it",
        "");
  }
}
