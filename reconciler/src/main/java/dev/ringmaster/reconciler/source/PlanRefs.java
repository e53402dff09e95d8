package dev.ringmaster.reconciler.source;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Brings the commit a plan request names into the mirror: lists the remote's refs, fetches the one
 * that matches ({@code refs/heads/REF}, {@code refs/tags/REF}, the full ref name, or a ref whose
 * tip is the given commit id) into {@code refs/ringmaster/plan/<ref without refs/>}, and when a
 * commit id is no ref's tip, fetches every branch there and looks again. Never touches {@code
 * refs/remotes/}. Blocking; not thread-safe (the caller serialises).
 */
final class PlanRefs {
  static final String PREFIX = "refs/ringmaster/plan/";
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  private final Repository repository;
  private final RepoSettings settings;
  private final Transports transports;

  PlanRefs(Repository repository, RepoSettings settings, Transports transports) {
    this.repository = repository;
    this.settings = settings;
    this.transports = transports;
  }

  Optional<String> resolve(String ref) {
    if (ref == null || ref.isBlank() || ref.contains("..") || ref.startsWith("-")) {
      return Optional.empty();
    }
    boolean sha = SHA.matcher(ref).matches();
    if (sha && commit(ObjectId.fromString(ref)).isPresent()) {
      return Optional.of(ref);
    }
    try {
      Optional<Ref> remote = match(remoteRefs(), ref, sha);
      if (remote.isPresent()) {
        String local = PREFIX + remote.get().getName().substring("refs/".length());
        fetch(List.of(new RefSpec("+" + remote.get().getName() + ":" + local)));
        return peeled(local);
      }
      if (sha) {
        fetch(List.of(new RefSpec("+refs/heads/*:" + PREFIX + "heads/*")));
        return commit(ObjectId.fromString(ref)).map(ObjectId::name);
      }
      return Optional.empty();
    } catch (GitAPIException | IOException e) {
      throw new SourceException("cannot fetch " + ref + " from " + settings.url(), e);
    }
  }

  private Collection<Ref> remoteRefs() throws GitAPIException {
    return Git.lsRemoteRepository()
        .setRemote(settings.url())
        .setTimeout(timeout())
        .setTransportConfigCallback(transports::configure)
        .setCredentialsProvider(transports.credentials())
        .call();
  }

  private static Optional<Ref> match(Collection<Ref> refs, String ref, boolean sha) {
    List<String> names = List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref, ref);
    for (String name : names) {
      Optional<Ref> found = refs.stream().filter(r -> r.getName().equals(name)).findFirst();
      if (found.isPresent()) {
        return found;
      }
    }
    if (!sha) {
      return Optional.empty();
    }
    return refs.stream()
        .filter(r -> ref.equals(r.getObjectId().name()) || ref.equals(peeledId(r)))
        .findFirst();
  }

  private static String peeledId(Ref r) {
    return r.getPeeledObjectId() == null ? "" : r.getPeeledObjectId().name();
  }

  private void fetch(List<RefSpec> specs) throws GitAPIException {
    try (Git git = Git.wrap(repository)) {
      git.fetch()
          .setRemote(settings.url())
          .setRefSpecs(specs)
          .setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS)
          .setTimeout(timeout())
          .setTransportConfigCallback(transports::configure)
          .setCredentialsProvider(transports.credentials())
          .call();
    }
  }

  private Optional<String> peeled(String local) throws IOException {
    Ref ref = repository.exactRef(local);
    if (ref == null || ref.getObjectId() == null) {
      return Optional.empty();
    }
    return commit(ref.getObjectId()).map(ObjectId::name);
  }

  private Optional<RevCommit> commit(ObjectId id) {
    try (RevWalk walk = new RevWalk(repository)) {
      return Optional.of(walk.parseCommit(id));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private int timeout() {
    return (int) Math.max(1, settings.timeout().toSeconds());
  }
}
