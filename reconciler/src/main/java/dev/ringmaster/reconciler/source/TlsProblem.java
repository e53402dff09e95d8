package dev.ringmaster.reconciler.source;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/** Turns a TLS failure of an https:// fetch into a sentence an operator can act on. Stateless. */
final class TlsProblem {
  private TlsProblem() {}

  /** The explanation when {@code failure} (or a cause) is a TLS failure, else empty. */
  static Optional<String> explain(RepoSettings settings, Throwable failure) {
    boolean tls = false;
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (untrusted(t)) {
        return Optional.of(untrustedMessage(settings, deepest(t)));
      }
      tls |= t instanceof SSLException;
      root = t;
    }
    if (!tls) {
      return Optional.empty();
    }
    return Optional.of("TLS handshake with " + settings.url() + " failed: " + message(root));
  }

  private static boolean untrusted(Throwable t) {
    return t instanceof CertificateException
        || t instanceof CertPathBuilderException
        || t instanceof CertPathValidatorException;
  }

  private static String untrustedMessage(RepoSettings settings, Throwable cause) {
    String hint =
        settings.caFile() == null
            ? "if a private CA signed it, set ringmaster.repo.ca-file to that CA's PEM file"
            : "ringmaster.repo.ca-file "
                + settings.caFile()
                + " does not hold the CA that signed it";
    return "the TLS certificate of "
        + settings.url()
        + " is not trusted ("
        + message(cause)
        + "); "
        + hint;
  }

  private static Throwable deepest(Throwable t) {
    Throwable d = t;
    while (d.getCause() != null && d.getCause() != d) {
      d = d.getCause();
    }
    return d;
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
