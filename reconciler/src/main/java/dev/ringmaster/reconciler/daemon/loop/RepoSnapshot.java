package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.source.FleetIndex;
import dev.ringmaster.reconciler.source.TreeFile;
import java.util.List;

/**
 * The fleet repository at one commit as the daemon fetched it: its files (content loaded lazily)
 * and a lenient index of what they declare. Immutable.
 */
public record RepoSnapshot(String commit, List<TreeFile> files, FleetIndex index) {
  public RepoSnapshot {
    if (commit == null || index == null) {
      throw new IllegalArgumentException("commit and index are required");
    }
    files = List.copyOf(files);
  }

  public static RepoSnapshot of(String commit, List<TreeFile> files) {
    return new RepoSnapshot(commit, files, FleetIndex.of(files));
  }
}
