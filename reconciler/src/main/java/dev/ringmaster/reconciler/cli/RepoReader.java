package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectId;

/** Reads a fleet repository from a directory: the commit it is at and the validated fleet. */
final class RepoReader {
  private RepoReader() {}

  /**
   * The HEAD commit id, {@code <id>+dirty} when the work tree has changes, else {@code workdir}.
   */
  static String commitOf(Path repo) {
    try (Git git = Git.open(repo.toFile())) {
      ObjectId head = git.getRepository().resolve("HEAD");
      if (head == null) {
        return "workdir";
      }
      boolean clean = git.status().call().isClean();
      return head.getName() + (clean ? "" : "+dirty");
    } catch (RepositoryNotFoundException e) {
      return "workdir";
    } catch (IOException | GitAPIException e) {
      throw new RingmasterException("cannot read Git state of " + repo + ": " + e.getMessage(), e);
    }
  }

  static LoadResult load(Path repo, AppliedRootDisks lastApplied) {
    if (!Files.isDirectory(repo)) {
      throw new RingmasterException("fleet repository " + repo + " is not a directory");
    }
    return FleetRepository.load(repo, lastApplied);
  }
}
