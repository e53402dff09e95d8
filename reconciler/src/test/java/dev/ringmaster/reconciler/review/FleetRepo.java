package dev.ringmaster.reconciler.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real Git work tree in a temporary directory, for tests that commit fleet files. */
public final class FleetRepo implements AutoCloseable {
  private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.org");

  private final Path dir;
  private final Git git;

  private FleetRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  public static FleetRepo init(Path dir) {
    try {
      return new FleetRepo(
          dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public Git git() {
    return git;
  }

  public Path dir() {
    return dir;
  }

  public FleetRepo write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FleetRepo delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FleetRepo move(String from, String to) {
    try {
      Path target = dir.resolve(to);
      Files.createDirectories(target.getParent());
      Files.move(dir.resolve(from), target);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RevCommit commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit()
          .setMessage(message)
          .setAuthor(AUTHOR)
          .setCommitter(AUTHOR)
          .setAllowEmpty(true)
          .setSign(false)
          .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
