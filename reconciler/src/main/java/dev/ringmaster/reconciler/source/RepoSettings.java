package dev.ringmaster.reconciler.source;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the fleet repository lives and how to reach it. {@code sshKey}, {@code knownHosts}, {@code
 * username}, {@code password} and {@code caFile} are nullable (only needed for ssh://,
 * authenticated https:// or https:// servers whose certificate a private CA signed).
 *
 * @param url file://, ssh:// or https:// URL of the remote
 * @param branch the branch whose head is the desired state
 * @param mirror directory of the local bare mirror (created when missing)
 * @param timeout network timeout of one fetch
 * @param caFile PEM file of CA certificates trusted for https:// remotes besides the system ones
 */
public record RepoSettings(
    String url,
    String branch,
    Path mirror,
    Path sshKey,
    Path knownHosts,
    String username,
    String password,
    Duration timeout,
    Path caFile) {
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

  /** Without a CA file: the system's trusted CAs only. */
  public RepoSettings(
      String url,
      String branch,
      Path mirror,
      Path sshKey,
      Path knownHosts,
      String username,
      String password,
      Duration timeout) {
    this(url, branch, mirror, sshKey, knownHosts, username, password, timeout, null);
  }

  /** These settings, trusting the CA certificates of {@code pemFile} (nullable) for https://. */
  public RepoSettings withCaFile(Path pemFile) {
    return new RepoSettings(
        url, branch, mirror, sshKey, knownHosts, username, password, timeout, pemFile);
  }

  public static RepoSettings of(String url, String branch, Path mirror) {
    return new RepoSettings(url, branch, mirror, null, null, null, null, null, null);
  }

  @Override
  public String toString() {
    return "RepoSettings[url=" + url + ", branch=" + branch + ", mirror=" + mirror + "]";
  }
}
