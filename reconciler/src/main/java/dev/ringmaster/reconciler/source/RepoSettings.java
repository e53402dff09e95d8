package dev.ringmaster.reconciler.source;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the fleet repository lives and how to reach it. {@code sshKey}, {@code knownHosts}, {@code
 * username} and {@code password} are nullable (only needed for ssh:// or authenticated https://).
 *
 * @param url file://, ssh:// or https:// URL of the remote
 * @param branch the branch whose head is the desired state
 * @param mirror directory of the local bare mirror (created when missing)
 * @param timeout network timeout of one fetch
 */
public record RepoSettings(
    String url,
    String branch,
    Path mirror,
    Path sshKey,
    Path knownHosts,
    String username,
    String password,
    Duration timeout) {
  public RepoSettings {
    if (url == null || url.isBlank()) {
      throw new SourceException("ringmaster.repo.url is not set: name the fleet repository");
    }
    if (mirror == null) {
      throw new SourceException("the mirror directory is not set");
    }
    branch = branch == null || branch.isBlank() ? "main" : branch;
    timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
  }

  public static RepoSettings of(String url, String branch, Path mirror) {
    return new RepoSettings(url, branch, mirror, null, null, null, null, null);
  }

  @Override
  public String toString() {
    return "RepoSettings[url=" + url + ", branch=" + branch + ", mirror=" + mirror + "]";
  }
}
