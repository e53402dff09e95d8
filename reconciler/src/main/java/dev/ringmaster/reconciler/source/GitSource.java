package dev.ringmaster.reconciler.source;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The fleet repository as a local bare mirror of one branch of a remote. {@link #fetch()} makes one
 * attempt and records its outcome: the last good commit stays in force while fetches fail. Files
 * are read from the object database (no checkout). Thread-safe: fetches are serialised, reads may
 * run concurrently with them. Blocking (network and disk I/O).
 */
public final class GitSource implements AutoCloseable {
  private final RepoSettings settings;
  private final Clock clock;
  private final Repository repository;
  private final Transports transports;
  private volatile FetchStatus status = FetchStatus.initial();

  private GitSource(RepoSettings settings, Clock clock, Repository repository) {
    this.settings = settings;
    this.clock = clock;
    this.repository = repository;
    this.transports = new Transports(settings);
  }

  /** Opens the mirror, creating an empty bare repository when there is none. Does not fetch. */
  public static GitSource open(RepoSettings settings, Clock clock) {
    try {
      Files.createDirectories(settings.mirror());
      Repository repo =
          new FileRepositoryBuilder().setGitDir(settings.mirror().toFile()).setBare().build();
      if (!repo.getObjectDatabase().exists()) {
        repo.create(true);
      }
      return new GitSource(settings, clock, repo);
    } catch (IOException e) {
      throw new SourceException("cannot open the Git mirror " + settings.mirror(), e);
    }
  }

  public RepoSettings settings() {
    return settings;
  }

  public FetchStatus status() {
    return status;
  }

  /** The last good commit, empty before the first successful fetch. */
  public Optional<String> head() {
    return Optional.ofNullable(status.commit());
  }

  /** Fetches the branch once; returns the new status (never throws for network failures). */
  public synchronized FetchStatus fetch() {
    try {
      fetchOnce();
      ObjectId head = resolveBranch();
      status = status.succeeded(head.name(), clock.instant());
    } catch (GitAPIException | IOException | RuntimeException e) {
      String problem = TlsProblem.explain(settings, e).orElseGet(() -> describe(e));
      status = status.failed(problem, clock.instant());
    }
    return status;
  }

  private void fetchOnce() throws GitAPIException {
    String ref = "refs/heads/" + settings.branch();
    try (Git git = Git.wrap(repository)) {
      git.fetch()
          .setRemote(settings.url())
          .setRefSpecs(new RefSpec("+" + ref + ":" + trackingRef()))
          .setTimeout((int) Math.max(1, settings.timeout().toSeconds()))
          .setTransportConfigCallback(transports::configure)
          .setCredentialsProvider(transports.credentials())
          .call();
    }
  }

  private String trackingRef() {
    return "refs/remotes/origin/" + settings.branch();
  }

  private ObjectId resolveBranch() throws IOException {
    Ref ref = repository.exactRef(trackingRef());
    if (ref == null || ref.getObjectId() == null) {
      throw new SourceException(
          "branch " + settings.branch() + " does not exist at " + settings.url());
    }
    return ref.getObjectId();
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    StringBuilder message = new StringBuilder();
    while (t != null) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && message.indexOf(m) < 0) {
        message.append(message.length() == 0 ? "" : ": ").append(m);
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return message.length() == 0 ? e.getClass().getSimpleName() : message.toString();
  }

  /**
   * Every fleet file ({@link FleetIndex#isFleetFile}) of {@code commit}'s tree, content loaded
   * lazily.
   */
  public List<TreeFile> files(String commit) {
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      tree.addTree(c.getTree());
      tree.setRecursive(true);
      List<TreeFile> files = new ArrayList<>();
      ObjectReader reader = tree.getObjectReader();
      while (tree.next()) {
        if (FleetIndex.isFleetFile(tree.getPathString())) {
          ObjectId blob = tree.getObjectId(0);
          long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
          files.add(new TreeFile(tree.getPathString(), size, () -> load(blob), blob.name()));
        }
      }
      return files;
    } catch (MissingObjectException | IllegalArgumentException e) {
      throw new SourceException("commit " + commit + " is not in the mirror", e);
    } catch (IOException e) {
      throw new SourceException("cannot read commit " + commit + ": " + e.getMessage(), e);
    }
  }

  /** When {@code commit} was committed. */
  public java.time.Instant commitTime(String commit) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      return c.getCommitterIdent().getWhenAsInstant();
    } catch (IOException | IllegalArgumentException e) {
      throw new SourceException("commit " + commit + " is not in the mirror", e);
    }
  }

  /** The fleet index of {@code commit} (every environment, hypervisor and who runs where). */
  public FleetIndex index(String commit) {
    return FleetIndex.of(files(commit));
  }

  private byte[] load(ObjectId blob) {
    try {
      return repository.open(blob, Constants.OBJ_BLOB).getBytes();
    } catch (IOException e) {
      throw new SourceException("cannot read blob " + blob.name() + ": " + e.getMessage(), e);
    }
  }

  /** The fleet files that differ between two commits ({@code oldCommit} null: every file). */
  public List<String> changedPaths(String oldCommit, String newCommit) {
    return ChangedPaths.between(repository, oldCommit, newCommit);
  }

  /**
   * The environments that need a pass after moving from {@code oldCommit} to {@code newCommit}:
   * those declared in a changed environment file (old or new version), and those with a VM on a
   * hypervisor whose file changed. {@code oldCommit} null, or a changed file that cannot be parsed:
   * every environment of both commits.
   */
  public java.util.Set<String> affectedEnvironments(String oldCommit, String newCommit) {
    FleetIndex after = index(newCommit);
    if (oldCommit == null) {
      return after.environments();
    }
    return affectedEnvironments(index(oldCommit), after, oldCommit, newCommit);
  }

  /** As {@link #affectedEnvironments(String, String)}, with both commits' indexes already built. */
  public java.util.Set<String> affectedEnvironments(
      FleetIndex before, FleetIndex after, String oldCommit, String newCommit) {
    return new Affected(before, after).of(changedPaths(oldCommit, newCommit));
  }

  /**
   * The commit {@code ref} names for a plan: a full commit id already in the mirror, else a branch,
   * tag or full ref name (or a full commit id some remote ref points at or contains) fetched from
   * the remote into {@code refs/ringmaster/plan/...}; the watched branch never moves. Empty when
   * the remote does not serve it. Blocking (network); serialised with {@link #fetch()}.
   *
   * @throws SourceException when the remote cannot be reached
   */
  public synchronized Optional<String> resolveForPlan(String ref) {
    return new PlanRefs(repository, settings, transports).resolve(ref);
  }

  /** Runs a read-only {@code action} on the mirror's repository (do not keep it). */
  public <T> T read(java.util.function.Function<Repository, T> action) {
    return action.apply(repository);
  }

  @Override
  public void close() {
    repository.close();
  }
}
