package dev.ringmaster.reconciler.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TlsProblemTest {
  private static final String URL = "https://git.example.org/fleet.git";
  private static final RepoSettings NO_CA = RepoSettings.of(URL, "main", Path.of("mirror.git"));
  private static final RepoSettings WITH_CA = NO_CA.withCaFile(Path.of("/etc/ringmaster/ca.pem"));

  @TempDir Path dir;

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "untrusted, no CA file",
            NO_CA,
            new TransportException(URL + ": SSL problems", handshake(untrusted())),
            "the TLS certificate of "
                + URL
                + " is not trusted (unable to find valid certification path); if a private CA"
                + " signed it, set ringmaster.repo.ca-file to that CA's PEM file"),
        Arguments.of(
            "untrusted, CA file without its CA",
            WITH_CA,
            handshake(untrusted()),
            "the TLS certificate of "
                + URL
                + " is not trusted (unable to find valid certification path);"
                + " ringmaster.repo.ca-file /etc/ringmaster/ca.pem does not hold the CA that"
                + " signed it"),
        Arguments.of(
            "another handshake failure",
            NO_CA,
            new TransportException(URL, new SSLHandshakeException("no cipher suites in common")),
            "TLS handshake with " + URL + " failed: no cipher suites in common"),
        Arguments.of(
            "not a TLS failure", NO_CA, new TransportException(URL + ": not authorized"), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void explainsTlsFailures(String name, RepoSettings settings, Throwable failure, String expected) {
    assertThat(TlsProblem.explain(settings, failure).orElse(null)).isEqualTo(expected);
  }

  @Test
  void aCaFileWithoutCertificatesIsNamedInTheError() throws IOException {
    Path file = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");

    assertThatThrownBy(() -> CaTrust.systemPlus(file))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("cannot use ringmaster.repo.ca-file " + file + ": ");
  }

  @Test
  void aMissingCaFileIsNamedInTheError() {
    Path file = dir.resolve("missing.pem");

    assertThatThrownBy(() -> CaTrust.systemPlus(file))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("ringmaster.repo.ca-file " + file);
  }

  private static SSLHandshakeException handshake(Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed");
    e.initCause(cause);
    return e;
  }

  private static Throwable untrusted() {
    return new CertPathBuilderException("unable to find valid certification path");
  }
}
