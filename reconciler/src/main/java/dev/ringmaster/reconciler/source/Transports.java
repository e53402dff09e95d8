package dev.ringmaster.reconciler.source;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How fetches authenticate: an SSH key with pinned known_hosts, or https user and password; https
 * servers are trusted through the system CAs plus those of the configured CA file.
 */
final class Transports {
  private final RepoSettings settings;
  private SshdSessionFactory ssh;
  private HttpConnectionFactory https;

  Transports(RepoSettings settings) {
    this.settings = settings;
  }

  void configure(Transport transport) {
    if (transport instanceof SshTransport sshTransport) {
      sshTransport.setSshSessionFactory(sshFactory());
    } else if (transport instanceof TransportHttp http && settings.caFile() != null) {
      http.setHttpConnectionFactory(httpsFactory());
    }
  }

  private synchronized HttpConnectionFactory httpsFactory() {
    if (https == null) {
      https = new TrustingConnectionFactory(CaTrust.systemPlus(settings.caFile()));
    }
    return https;
  }

  CredentialsProvider credentials() {
    if (settings.username() == null && settings.password() == null) {
      return null;
    }
    String user = settings.username() == null ? "git" : settings.username();
    String password = settings.password() == null ? "" : settings.password();
    return new UsernamePasswordCredentialsProvider(user, password);
  }

  private synchronized SshdSessionFactory sshFactory() {
    if (ssh == null) {
      Path home = settings.mirror().toAbsolutePath().getParent();
      SshdSessionFactoryBuilder builder =
          new SshdSessionFactoryBuilder()
              .setHomeDirectory(home.toFile())
              .setSshDirectory(home.resolve("ssh").toFile());
      if (settings.sshKey() != null) {
        builder.setDefaultIdentities(dir -> List.of(settings.sshKey()));
      }
      if (settings.knownHosts() != null) {
        builder.setDefaultKnownHostsFiles(dir -> List.of(settings.knownHosts()));
      }
      ssh = builder.build(null);
    }
    return ssh;
  }
}
