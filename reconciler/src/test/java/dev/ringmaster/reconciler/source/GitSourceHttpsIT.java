package dev.ringmaster.reconciler.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https://} fetches from a real {@code git http-backend} behind an HTTPS front on loopback
 * with a certificate from a private CA and basic auth: trusted through {@code
 * ringmaster.repo.ca-file} and the right password it fetches every new commit; a wrong password or
 * an untrusted certificate is reported in words an operator can act on, and the last good commit
 * stays in force.
 */
class GitSourceHttpsIT {
  private static final String PASSWORD = "s3cret-token";

  @TempDir static Path shared;
  private static TestCertificates certificates;

  @TempDir Path dir;
  private HttpsGitServer server;

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create(shared.resolve("tls"));
  }

  @BeforeEach
  void startServer() {
    server = HttpsGitServer.start(dir, certificates, PASSWORD);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void fetchesOverHttpsWithThePrivateCaAndPicksUpTheNextCommit() {
    try (TestRemote remote = served();
        GitSource source = open(remote, HttpsGitServer.USER, PASSWORD, certificates.caPem())) {
      String first =
          remote.write("hosts/kvm01.yaml", TestRemote.hypervisor("kvm01")).commitAndPush("first");
      assertThat(source.fetch().problem()).isEmpty();
      assertThat(source.head()).contains(first);

      String second =
          remote.write("hosts/kvm02.yaml", TestRemote.hypervisor("kvm02")).commitAndPush("second");
      FetchStatus status = source.fetch();

      assertThat(status.problem()).isEmpty();
      assertThat(status.commit()).isEqualTo(second);
      assertThat(source.files(second)).extracting(TreeFile::path).contains("hosts/kvm02.yaml");
    }
  }

  @Test
  void aWrongPasswordIsReportedAndTheLastGoodCommitStays() {
    try (TestRemote remote = served();
        GitSource source = open(remote, HttpsGitServer.USER, PASSWORD, certificates.caPem())) {
      String first =
          remote.write("hosts/kvm01.yaml", TestRemote.hypervisor("kvm01")).commitAndPush("first");
      assertThat(source.fetch().commit()).isEqualTo(first);
      remote.write("hosts/kvm02.yaml", TestRemote.hypervisor("kvm02")).commitAndPush("second");
      server.setPassword("rotated-on-the-server");

      FetchStatus status = source.fetch();

      assertThat(status.commit()).isEqualTo(first);
      assertThat(status.failures()).isEqualTo(1);
      assertThat(status.problem().orElseThrow())
          .startsWith("git fetch failing since ")
          .contains(server.url(remote.bare()))
          .containsIgnoringCase("not authorized");
    }
  }

  @Test
  void anUntrustedCertificateIsReportedAsATlsProblemNamingTheSetting() {
    try (TestRemote remote = served();
        GitSource source = open(remote, HttpsGitServer.USER, PASSWORD, null)) {
      remote.write("hosts/kvm01.yaml", TestRemote.hypervisor("kvm01")).commitAndPush("first");

      FetchStatus status = source.fetch();

      assertThat(status.everSucceeded()).isFalse();
      String problem = status.problem().orElseThrow();
      assertThat(problem)
          .contains("certificate")
          .contains("ringmaster.repo.ca-file")
          .doesNotContain("\tat ");
    }
  }

  private TestRemote served() {
    return TestRemote.create(dir);
  }

  private GitSource open(TestRemote remote, String user, String password, Path caFile) {
    RepoSettings settings =
        new RepoSettings(
            server.url(remote.bare()),
            "main",
            dir.resolve("state/mirror.git"),
            null,
            null,
            user,
            password,
            Duration.ofSeconds(60),
            caFile);
    return GitSource.open(settings, Clock.systemUTC());
  }
}
