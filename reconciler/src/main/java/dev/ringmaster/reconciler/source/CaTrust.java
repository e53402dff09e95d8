package dev.ringmaster.reconciler.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust managers that accept the system's CAs plus those of a PEM file. Immutable. */
final class CaTrust {
  private CaTrust() {}

  /** Reads {@code pemFile} (one or more PEM certificates); fails with a message naming the file. */
  static TrustManager[] systemPlus(Path pemFile) {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      List<X509Certificate> all = new ArrayList<>(systemCas());
      all.addAll(read(pemFile));
      for (int i = 0; i < all.size(); i++) {
        anchors.setCertificateEntry("ca-" + i, all.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      return factory.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new SourceException(
          "cannot use ringmaster.repo.ca-file " + pemFile + ": " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> read(Path pemFile)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pemFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("it holds no PEM certificate");
    }
    return certificates.stream().map(X509Certificate.class::cast).toList();
  }

  private static List<X509Certificate> systemCas() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    List<X509Certificate> cas = new ArrayList<>();
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        cas.addAll(List.of(x509.getAcceptedIssuers()));
      }
    }
    return cas;
  }
}
