package dev.ringmaster.reconciler.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private TestRemote remote;
  private GitSource source;

  @BeforeEach
  void setUp() {
    remote = TestRemote.create(dir);
    remote
        .write("hosts/kvm01.yaml", TestRemote.hypervisor("kvm01"))
        .write("hosts/kvm02.yaml", TestRemote.hypervisor("kvm02"))
        .write("environments/a.yaml", TestRemote.environment("a-prod", "a", "kvm01", "4GiB"))
        .write("environments/b.yaml", TestRemote.environment("b-prod", "b", "kvm02", "4GiB"))
        .write("environments/c.yaml", TestRemote.environment("c-prod", "c", "kvm02", "4GiB"))
        .write("README.md", "not fleet\n");
    source =
        GitSource.open(
            RepoSettings.of(remote.url(), "main", dir.resolve("state/mirror.git")), CLOCK);
  }

  @AfterEach
  void tearDown() {
    source.close();
    remote.close();
  }

  @Test
  void fetchesTheBranchAndReadsItsFleetFilesWithoutCheckout() {
    String commit = remote.commitAndPush("initial");

    FetchStatus status = source.fetch();

    assertThat(status.commit()).isEqualTo(commit);
    assertThat(status.problem()).isEmpty();
    assertThat(source.head()).contains(commit);
    assertThat(source.files(commit))
        .extracting(TreeFile::path)
        .containsExactlyInAnyOrder(
            "hosts/kvm01.yaml",
            "hosts/kvm02.yaml",
            "environments/a.yaml",
            "environments/b.yaml",
            "environments/c.yaml");
    TreeFile a =
        source.files(commit).stream()
            .filter(f -> f.path().equals("environments/a.yaml"))
            .findFirst()
            .orElseThrow();
    assertThat(new String(a.bytes(), StandardCharsets.UTF_8)).contains("name: a-prod");
    assertThat(a.size()).isEqualTo(a.bytes().length);
    assertThat(Files.exists(dir.resolve("state/mirror.git/objects"))).isTrue();
  }

  @Test
  void aFirstCommitAffectsEveryEnvironment() {
    String commit = remote.commitAndPush("initial");
    source.fetch();

    assertThat(source.affectedEnvironments(null, commit))
        .containsExactlyInAnyOrder("a-prod", "b-prod", "c-prod");
  }

  @Test
  void aChangedEnvironmentFileAffectsOnlyItsEnvironments() {
    String first = remote.commitAndPush("initial");
    String second =
        remote
            .write("environments/a.yaml", TestRemote.environment("a-prod", "a", "kvm01", "8GiB"))
            .write("README.md", "changed\n")
            .commitAndPush("grow a");
    source.fetch();

    assertThat(source.changedPaths(first, second)).containsExactly("environments/a.yaml");
    assertThat(source.affectedEnvironments(first, second)).containsExactly("a-prod");
  }

  @Test
  void aRenamedOrDeletedEnvironmentAffectsOldAndNewNames() {
    String first = remote.commitAndPush("initial");
    String second =
        remote
            .write("environments/a.yaml", TestRemote.environment("a-staging", "a", "kvm01", "4GiB"))
            .delete("environments/c.yaml")
            .commitAndPush("rename a, drop c");
    source.fetch();

    assertThat(source.affectedEnvironments(first, second))
        .containsExactlyInAnyOrder("a-prod", "a-staging", "c-prod");
  }

  @Test
  void aChangedHypervisorFileAffectsEveryEnvironmentWithAVmOnIt() {
    String first = remote.commitAndPush("initial");
    String second =
        remote
            .write("hosts/kvm02.yaml", TestRemote.hypervisor("kvm02").replace("16", "32"))
            .commitAndPush("kvm02 grows");
    source.fetch();

    assertThat(source.affectedEnvironments(first, second))
        .containsExactlyInAnyOrder("b-prod", "c-prod");
  }

  @Test
  void aChangedDnsZoneIsReadAndAffectsEveryEnvironment() {
    String first = remote.commitAndPush("initial");
    String second =
        remote
            .write(
                "dns/example.yaml", "apiVersion: ringmaster/v1\nkind: DnsZone\nname: example.net\n")
            .commitAndPush("a zone");
    source.fetch();

    assertThat(source.files(second)).extracting(TreeFile::path).contains("dns/example.yaml");
    assertThat(source.changedPaths(first, second)).containsExactly("dns/example.yaml");
    assertThat(source.affectedEnvironments(first, second))
        .containsExactlyInAnyOrder("a-prod", "b-prod", "c-prod");
  }

  @Test
  void anUnparsableChangedFileAffectsEveryEnvironment() {
    String first = remote.commitAndPush("initial");
    String second =
        remote.write("environments/a.yaml", "kind: [unclosed\n").commitAndPush("broken");
    source.fetch();

    assertThat(source.affectedEnvironments(first, second))
        .containsExactlyInAnyOrder("a-prod", "b-prod", "c-prod");
  }

  @Test
  void aFailingFetchKeepsTheLastGoodCommitAndSaysSinceWhen() throws Exception {
    String commit = remote.commitAndPush("initial");
    source.fetch();
    Files.move(remote.bare(), dir.resolve("gone.git"));

    FetchStatus status = source.fetch();

    assertThat(status.commit()).isEqualTo(commit);
    assertThat(status.failures()).isEqualTo(1);
    assertThat(status.problem())
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("git fetch failing since 2026-01-02T03:04:05Z: "));
    Files.move(dir.resolve("gone.git"), remote.bare());
    assertThat(source.fetch().problem()).isEmpty();
  }

  @Test
  void aMissingBranchIsAFetchFailure() {
    remote.commitAndPush("initial", "other");

    FetchStatus status = source.fetch();

    assertThat(status.everSucceeded()).isFalse();
    assertThat(status.problem()).hasValueSatisfying(p -> assertThat(p).contains("refs/heads/main"));
  }

  @Test
  void aCommitThatIsNotInTheMirrorIsAClearError() {
    remote.commitAndPush("initial");
    source.fetch();

    assertThatThrownBy(() -> source.files("0123456789012345678901234567890123456789"))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("not in the mirror");
  }
}
