package dev.ringmaster.reconciler.safety;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.LastApplied;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Planner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Plans a pull request without touching a hypervisor: the base revision stands for the live state
 * (as it does once the fleet has converged). Loads the fleet at base and at head from the commit
 * trees (no checkout), plans only the environments the change touches, head against the base's
 * desired resources observed as converged, owned and last applied, with the engine's pure {@link
 * Planner}. Blocking (reads the Git object database); thread-safe.
 */
public final class PullRequestPlanner {
  private final Clock clock;

  public PullRequestPlanner(Clock clock) {
    if (clock == null) {
      throw new IllegalArgumentException("clock is required");
    }
    this.clock = clock;
  }

  /**
   * Plans {@code head} against {@code base} in the Git work tree (or bare repository) at a path.
   */
  public PullRequestPlan plan(Path repository, String base, String head) {
    try (Repository repo =
        new FileRepositoryBuilder().findGitDir(repository.toFile()).setMustExist(true).build()) {
      return plan(repo, base, head);
    } catch (IOException | IllegalArgumentException e) {
      throw new RingmasterException(
          "cannot open the Git repository at " + repository + ": " + e.getMessage(), e);
    }
  }

  public PullRequestPlan plan(Repository repository, String baseRevision, String headRevision) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    GitChanges git = new GitChanges(repository);
    RevCommit base = git.commit(baseRevision);
    RevCommit head = git.commit(headRevision);
    LoadResult baseLoad = FleetRepository.load(git.sourceFiles(base), LastApplied.NONE);
    LoadResult headLoad = FleetRepository.load(git.sourceFiles(head), rootDisks(baseLoad.fleet()));
    List<Diagnostic> diagnostics = new ArrayList<>(headLoad.diagnostics());
    if (headLoad.hasErrors()) {
      return new PullRequestPlan(base.name(), head.name(), now, List.of(), diagnostics);
    }
    if (baseLoad.hasErrors()) {
      diagnostics.add(baseIsInvalid(base, baseLoad));
    }
    Set<String> touched = git.touched(base, head).environments();
    if (touched.isEmpty()) {
      return new PullRequestPlan(base.name(), head.name(), now, List.of(), diagnostics);
    }
    Plan plan = plan(base, baseLoad.fleet(), head, headLoad.fleet(), touched);
    List<EnvironmentPlan> environments = new ArrayList<>();
    for (String name : touched) {
      Maintenance m = maintenance(name, headLoad.fleet(), baseLoad.fleet());
      environments.add(EnvironmentPlan.of(name, plan, m, now));
    }
    EnvironmentPlan shared =
        EnvironmentPlan.of(EnvironmentPlan.SHARED, plan, Maintenance.DEFAULT, now);
    if (!shared.changes().isEmpty() || !shared.refused().isEmpty()) {
      environments.add(shared);
    }
    return new PullRequestPlan(base.name(), head.name(), now, environments, diagnostics);
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
  private static LastApplied rootDisks(Fleet base) {
    return vm -> base.environmentOfVm(vm).flatMap(e -> e.vm(vm)).map(VmSpec::disk);
  }

  private static Maintenance maintenance(String environment, Fleet head, Fleet base) {
    Optional<Environment> env =
        head.environment(environment).or(() -> base.environment(environment));
    return env.map(Environment::maintenance).orElse(Maintenance.DEFAULT);
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
