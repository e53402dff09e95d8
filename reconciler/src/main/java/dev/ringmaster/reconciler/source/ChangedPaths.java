package dev.ringmaster.reconciler.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** The fleet files that differ between two commits' trees. */
final class ChangedPaths {
  private ChangedPaths() {}

  static List<String> between(Repository repository, String oldCommit, String newCommit) {
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository)) {
      if (oldCommit == null) {
        tree.addTree(new EmptyTreeIterator());
      } else {
        tree.addTree(walk.parseCommit(ObjectId.fromString(oldCommit)).getTree());
      }
      tree.addTree(walk.parseCommit(ObjectId.fromString(newCommit)).getTree());
      tree.setRecursive(true);
      tree.setFilter(TreeFilter.ANY_DIFF);
      List<String> paths = new ArrayList<>();
      while (tree.next()) {
        if (FleetIndex.isFleetFile(tree.getPathString())) {
          paths.add(tree.getPathString());
        }
      }
      return paths;
    } catch (IOException | IllegalArgumentException e) {
      throw new SourceException(
          "cannot compare " + oldCommit + " with " + newCommit + ": " + e.getMessage(), e);
    }
  }
}
