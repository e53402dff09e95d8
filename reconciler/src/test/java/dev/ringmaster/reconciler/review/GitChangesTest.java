package dev.ringmaster.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitChangesTest {
  @TempDir Path dir;

  static String hypervisor(String name, String pool) {
    return """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: test:///default
        storagePool: %s
        bridges: { fe: br-fe, srv: br-srv }
        capacity: { memory: 64GiB, cores: 16 }
        """
        .formatted(name, pool);
  }

  static String environment(String name, String vm, String host, String memory) {
    return """
        apiVersion: ringmaster/v1
        kind: Environment
        name: %s
        resourceGroup: %s
        vms:
          - name: %s
            host: %s
            memory: %s
            cores: 2
            disk: 30GiB
        """
        .formatted(name, vm.substring(0, vm.length() - 2), vm, host, memory);
  }

  static Consumer<FleetRepo> base() {
    return r ->
        r.write("hosts/kvm01.yaml", hypervisor("kvm01", "vms"))
            .write("hosts/kvm02.yaml", hypervisor("kvm02", "vms"))
            .write(
                "environments/shop.yaml", environment("shop-production", "shop00", "kvm01", "4GiB"))
            .write("environments/blog.yaml", environment("blog-staging", "blog00", "kvm02", "2GiB"))
            .write(
                "environments/wiki.yaml", environment("wiki-production", "wiki00", "kvm02", "2GiB"))
            .write("README.md", "fleet\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "environment file modified",
            change(
                r ->
                    r.write(
                        "environments/shop.yaml",
                        environment("shop-production", "shop00", "kvm01", "8GiB"))),
            List.of("shop-production"),
            List.of()),
        Arguments.of(
            "environment file added",
            change(
                r ->
                    r.write(
                        "environments/mail.yaml",
                        environment("mail-production", "mail00", "kvm01", "4GiB"))),
            List.of("mail-production"),
            List.of()),
        Arguments.of(
            "environment file deleted",
            change(r -> r.delete("environments/blog.yaml")),
            List.of("blog-staging"),
            List.of()),
        Arguments.of(
            "environment file renamed unchanged",
            change(r -> r.move("environments/blog.yaml", "environments/blog/staging.yaml")),
            List.of("blog-staging"),
            List.of()),
        Arguments.of(
            "environment renamed inside a moved file: both names",
            change(
                r ->
                    r.delete("environments/blog.yaml")
                        .write(
                            "environments/journal.yaml",
                            environment("blog-stage", "blog00", "kvm02", "2GiB"))),
            List.of("blog-stage", "blog-staging"),
            List.of()),
        Arguments.of(
            "hypervisor changed: every environment with a VM on it",
            change(r -> r.write("hosts/kvm02.yaml", hypervisor("kvm02", "fast"))),
            List.of("blog-staging", "wiki-production"),
            List.of("kvm02")),
        Arguments.of(
            "hypervisor changed and a VM moved away from it in the same change",
            change(
                r ->
                    r.write("hosts/kvm02.yaml", hypervisor("kvm02", "fast"))
                        .write(
                            "environments/wiki.yaml",
                            environment("wiki-production", "wiki00", "kvm01", "2GiB"))),
            List.of("blog-staging", "wiki-production"),
            List.of("kvm02")),
        Arguments.of(
            "hypervisor deleted",
            change(r -> r.delete("hosts/kvm01.yaml")),
            List.of("shop-production"),
            List.of("kvm01")),
        Arguments.of(
            "files outside the fleet directories do not count",
            change(r -> r.write("README.md", "changed\n").write("environments/notes.txt", "x\n")),
            List.of(),
            List.of()),
        Arguments.of(
            "several documents in one file",
            change(
                r ->
                    r.write(
                        "environments/more.yaml",
                        environment("a-staging", "aa00", "kvm01", "2GiB")
                            + "---\n"
                            + environment("b-staging", "bb00", "kvm01", "2GiB"))),
            List.of("a-staging", "b-staging"),
            List.of()),
        Arguments.of("no change at all", change(r -> {}), List.of(), List.of()));
  }

  static Consumer<FleetRepo> change(Consumer<FleetRepo> c) {
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void touchedEnvironments(
      String name, Consumer<FleetRepo> change, List<String> environments, List<String> hosts) {
    try (FleetRepo repo = FleetRepo.init(dir)) {
      base().accept(repo);
      RevCommit base = repo.commit("base");
      change.accept(repo);
      RevCommit head = repo.commit("head");

      TouchedEnvironments touched = new GitChanges(repo.git().getRepository()).touched(base, head);

      assertThat(touched.environments()).containsExactlyElementsOf(environments);
      assertThat(touched.hypervisors()).containsExactlyElementsOf(hosts);
      assertThat(touched.unreadableFiles()).isEmpty();
    }
  }

  @Test
  void unreadableHeadFileStillNamesTheEnvironmentFromBase() {
    try (FleetRepo repo = FleetRepo.init(dir)) {
      base().accept(repo);
      RevCommit base = repo.commit("base");
      repo.write("environments/shop.yaml", "name: [unclosed\n  - : :\n");
      RevCommit head = repo.commit("broken");

      TouchedEnvironments touched = new GitChanges(repo.git().getRepository()).touched(base, head);

      assertThat(touched.environments()).containsExactly("shop-production");
      assertThat(touched.unreadableFiles())
          .containsExactly("environments/shop.yaml at " + head.abbreviate(12).name());
    }
  }

  @Test
  void resolvesRevisionsAndRefusesUnknownOnes() {
    try (FleetRepo repo = FleetRepo.init(dir)) {
      base().accept(repo);
      RevCommit first = repo.commit("base");
      repo.write(
          "environments/shop.yaml", environment("shop-production", "shop00", "kvm01", "8GiB"));
      RevCommit second = repo.commit("head");
      GitChanges changes = new GitChanges(repo.git().getRepository());

      assertThat(changes.commit("HEAD~1")).isEqualTo(first);
      assertThat(changes.commit("main")).isEqualTo(second);
      assertThat(changes.commit(second.abbreviate(8).name())).isEqualTo(second);
      assertThatThrownBy(() -> changes.commit("nope"))
          .isInstanceOf(RingmasterException.class)
          .hasMessageContaining("unknown revision nope");
    }
  }

  @Test
  void readsFleetFilesFromTheCommitNotTheWorkTree() {
    try (FleetRepo repo = FleetRepo.init(dir)) {
      base().accept(repo);
      RevCommit base = repo.commit("base");
      repo.write("environments/uncommitted.yaml", "x: 1\n");

      assertThat(new GitChanges(repo.git().getRepository()).fleetFiles(base))
          .containsOnlyKeys(
              "hosts/kvm01.yaml",
              "hosts/kvm02.yaml",
              "environments/blog.yaml",
              "environments/shop.yaml",
              "environments/wiki.yaml");
    }
  }
}
