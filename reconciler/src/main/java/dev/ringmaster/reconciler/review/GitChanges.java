package dev.ringmaster.reconciler.review;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.load.FleetLoader;
import dev.ringmaster.model.load.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Reads fleet files straight from Git commits (no checkout) and tells which environments differ
 * between two of them. Blocking (reads the object database); as thread-safe as the {@link
 * Repository} it reads (JGit's file repositories allow concurrent reads). Failures are {@link
 * RingmasterException}s.
 */
public final class GitChanges {
  private static final TreeFilter FLEET_DIRS =
      PathFilterGroup.createFromStrings("hosts", "environments", "resource-groups");

  private final Repository repository;

  public GitChanges(Repository repository) {
    if (repository == null) {
      throw new IllegalArgumentException("repository is required");
    }
    this.repository = repository;
  }

  /** Resolves a revision ({@code HEAD~1}, a branch, an abbreviated SHA) to its commit. */
  public RevCommit commit(String revision) {
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectId id = repository.resolve(revision + "^{commit}");
      if (id == null) {
        throw new RingmasterException("unknown revision " + revision);
      }
      return walk.parseCommit(id);
    } catch (IOException | RuntimeException e) {
      if (e instanceof RingmasterException r) {
        throw r;
      }
      throw new RingmasterException("cannot read revision " + revision + ": " + e.getMessage(), e);
    }
  }

  /**
   * The content of every fleet file ({@code hosts/}, {@code environments/}, {@code
   * resource-groups/}) at a commit.
   */
  public Map<String, byte[]> fleetFiles(RevCommit commit) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      walk.setFilter(FLEET_DIRS);
      while (walk.next()) {
        if (FleetDocuments.isFleetFile(walk.getPathString())) {
          files.put(walk.getPathString(), blob(walk.getObjectId(0)));
        }
      }
    } catch (IOException e) {
      throw new RingmasterException(
          "cannot read the fleet files of " + commit.name() + ": " + e.getMessage(), e);
    }
    return files;
  }

  /**
   * Every file under {@code hosts/}, {@code environments/} and {@code resource-groups/} at a
   * commit, for the fleet loader: sizes are read up front, contents only when the loader asks (so
   * it can refuse oversized files without reading them).
   */
  public List<SourceFile> sourceFiles(RevCommit commit) {
    List<SourceFile> files = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      walk.setFilter(FLEET_DIRS);
      while (walk.next()) {
        ObjectId id = walk.getObjectId(0);
        long size = repository.getObjectDatabase().open(id).getSize();
        files.add(new SourceFile(walk.getPathString(), size, () -> content(id)));
      }
    } catch (IOException e) {
      throw new RingmasterException(
          "cannot read the fleet files of " + commit.name() + ": " + e.getMessage(), e);
    }
    return files;
  }

  private byte[] content(ObjectId id) {
    try {
      return repository.open(id).getCachedBytes((int) FleetLoader.MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The environments that differ between {@code base} and {@code head}: those whose files changed,
   * those with a VM on a changed hypervisor, and every environment of a changed resource group.
   */
  public TouchedEnvironments touched(RevCommit base, RevCommit head) {
    Set<String> environments = new TreeSet<>();
    Set<String> hypervisors = new TreeSet<>();
    Set<String> groups = new TreeSet<>();
    List<String> unreadable = new ArrayList<>();
    for (DiffEntry entry : diff(base, head)) {
      if (entry.getChangeType() != ChangeType.ADD
          && !collect(entry.getOldPath(), entry.getOldId(), environments, hypervisors, groups)) {
        unreadable.add(entry.getOldPath() + " at " + base.abbreviate(12).name());
      }
      if (entry.getChangeType() != ChangeType.DELETE
          && !collect(entry.getNewPath(), entry.getNewId(), environments, hypervisors, groups)) {
        unreadable.add(entry.getNewPath() + " at " + head.abbreviate(12).name());
      }
    }
    if (!hypervisors.isEmpty()) {
      environments.addAll(environmentsOn(hypervisors, base));
      environments.addAll(environmentsOn(hypervisors, head));
    }
    if (!groups.isEmpty()) {
      environments.addAll(environmentsOf(groups, base));
      environments.addAll(environmentsOf(groups, head));
    }
    return new TouchedEnvironments(
        new TreeSet<>(environments), new TreeSet<>(hypervisors), unreadable);
  }

  private List<DiffEntry> diff(RevCommit base, RevCommit head) {
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(base.getTree());
      walk.addTree(head.getTree());
      walk.setRecursive(true);
      walk.setFilter(AndTreeFilter.create(FLEET_DIRS, TreeFilter.ANY_DIFF));
      List<DiffEntry> entries =
          DiffEntry.scan(walk).stream()
              .filter(e -> isFleetFile(e.getOldPath()) || isFleetFile(e.getNewPath()))
              .toList();
      RenameDetector renames = new RenameDetector(repository);
      renames.addAll(entries);
      return renames.compute();
    } catch (IOException e) {
      throw new RingmasterException(
          "cannot compare " + base.name() + " with " + head.name() + ": " + e.getMessage(), e);
    }
  }

  private static boolean isFleetFile(String path) {
    return !DiffEntry.DEV_NULL.equals(path) && FleetDocuments.isFleetFile(path);
  }

  /** Adds what a changed file declares; false when it cannot be read as YAML. */
  private boolean collect(
      String path,
      AbbreviatedObjectId blob,
      Set<String> environments,
      Set<String> hypervisors,
      Set<String> groups) {
    if (!FleetDocuments.isFleetFile(path)) {
      return true;
    }
    try {
      for (FleetDocuments.Declared d : FleetDocuments.read(blob(blob.toObjectId()))) {
        if (d.isEnvironment()) {
          environments.add(d.name());
        } else if (d.isHypervisor()) {
          hypervisors.add(d.name());
        } else if (d.isResourceGroup()) {
          groups.add(d.name());
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Set<String> environmentsOn(Set<String> hypervisors, RevCommit commit) {
    Set<String> found = new TreeSet<>();
    fleetFiles(commit).values().stream()
        .flatMap(content -> readLeniently(content).stream())
        .filter(d -> d.isEnvironment() && d.vmHosts().stream().anyMatch(hypervisors::contains))
        .forEach(d -> found.add(d.name()));
    return found;
  }

  private Set<String> environmentsOf(Set<String> groups, RevCommit commit) {
    Set<String> found = new TreeSet<>();
    fleetFiles(commit).values().stream()
        .flatMap(content -> readLeniently(content).stream())
        .filter(d -> d.isEnvironment() && groups.contains(d.resourceGroup()))
        .forEach(d -> found.add(d.name()));
    return found;
  }

  private static List<FleetDocuments.Declared> readLeniently(byte[] content) {
    try {
      return FleetDocuments.read(content);
    } catch (IOException e) {
      return List.of();
    }
  }

  private byte[] blob(AnyObjectId id) throws IOException {
    try {
      return repository.open(id).getCachedBytes(FleetDocuments.MAX_FILE_BYTES);
    } catch (LargeObjectException e) {
      throw new IOException("larger than " + FleetDocuments.MAX_FILE_BYTES + " bytes", e);
    }
  }
}
