package dev.ringmaster.reconciler.source;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.security.GeneralSecurityException;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * JGit's JDK connection factory whose https:// connections verify the server against the given
 * trust managers (hostnames are still verified). Thread-safe.
 */
final class TrustingConnectionFactory implements HttpConnectionFactory {
  private final HttpConnectionFactory jdk = new JDKHttpConnectionFactory();
  private final TrustManager[] trust;

  TrustingConnectionFactory(TrustManager[] trust) {
    this.trust = trust.clone();
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return trusting(jdk.create(url));
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    return trusting(jdk.create(url, proxy));
  }

  private HttpConnection trusting(HttpConnection connection) throws IOException {
    if ("https".equalsIgnoreCase(connection.getURL().getProtocol())) {
      try {
        connection.configure(null, trust, null);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS: " + e.getMessage(), e);
      }
    }
    return connection;
  }
}
