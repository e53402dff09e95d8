package dev.ringmaster.reconciler.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** A real bare remote plus a working clone that commits and pushes to it. Test helper. */
public final class TestRemote implements AutoCloseable {
  private final Path bare;
  private final Git work;

  private TestRemote(Path bare, Git work) {
    this.bare = bare;
    this.work = work;
  }

  public static TestRemote create(Path dir) {
    try {
      Path bare = dir.resolve("remote.git");
      Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
      Git work =
          Git.init().setInitialBranch("main").setDirectory(dir.resolve("work").toFile()).call();
      work.remoteAdd()
          .setName("origin")
          .setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toString()))
          .call();
      return new TestRemote(bare, work);
    } catch (GitAPIException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return bare.toUri().toString();
  }

  public Path bare() {
    return bare;
  }

  public TestRemote write(String path, String content) {
    try {
      Path file = work.getRepository().getWorkTree().toPath().resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestRemote delete(String path) {
    try {
      Files.delete(work.getRepository().getWorkTree().toPath().resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits everything and pushes to the given branch; returns the commit id. */
  public String commitAndPush(String message, String branch) {
    try {
      work.add().addFilepattern(".").call();
      work.add().addFilepattern(".").setUpdate(true).call();
      String id =
          work.commit()
              .setMessage(message)
              .setAuthor("t", "t@example.org")
              .setCommitter("t", "t@example.org")
              .call()
              .getName();
      work.push().setRemote("origin").add("HEAD:refs/heads/" + branch).setForce(true).call();
      return id;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public String commitAndPush(String message) {
    return commitAndPush(message, "main");
  }

  public static String hypervisor(String name) {
    return "apiVersion: ringmaster/v1\nkind: Hypervisor\nname: "
        + name
        + "\nuri: test:///default\nstoragePool: default-pool\n"
        + "bridges: { fe: br-fe, srv: br-srv }\ncapacity: { memory: 64GiB, cores: 16 }\n";
  }

  public static String environment(String name, String group, String host, String memory) {
    return "apiVersion: ringmaster/v1\nkind: Environment\nname: "
        + name
        + "\nresourceGroup: "
        + group
        + "\nlocation: whq\nnetworks:\n"
        + "  fe: { vlan: 2, ipv4: 203.0.113.0/26, ipv6: \"2001:db8:2::/64\" }\n"
        + "  srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: \"2001:db8:3::/64\" }\n"
        + "vms:\n  - name: "
        + group
        + "00\n    host: "
        + host
        + "\n    memory: "
        + memory
        + "\n    cores: 1\n    disk: 10GiB\n";
  }

  @Override
  public void close() {
    work.close();
  }
}
