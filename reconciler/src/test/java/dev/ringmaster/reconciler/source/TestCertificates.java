package dev.ringmaster.reconciler.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and a server certificate it signed for {@code 127.0.0.1} and {@code localhost}, made
 * by the JDK's {@code keytool} in a directory. Test helper.
 *
 * @param caPem the CA certificate (PEM), what a client trusts
 * @param serverKeyStore PKCS#12 keystore with the server's key and chain, password {@link
 *     #PASSWORD}
 */
public record TestCertificates(Path caPem, Path serverKeyStore) {
  public static final String PASSWORD = "changeit";

  public static TestCertificates create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path ca = dir.resolve("ca.p12");
    Path server = dir.resolve("server.p12");
    Path caPem = dir.resolve("ca.pem");
    Path csr = dir.resolve("server.csr");
    Path serverPem = dir.resolve("server.pem");
    keytool(
        dir,
        "-genkeypair",
        "-keystore",
        ca,
        "-alias",
        "ca",
        "-dname",
        "CN=Ringmaster Test CA",
        "-keyalg",
        "EC",
        "-validity",
        "2",
        "-ext",
        "bc:c");
    keytool(dir, "-exportcert", "-keystore", ca, "-alias", "ca", "-rfc", "-file", caPem);
    keytool(
        dir,
        "-genkeypair",
        "-keystore",
        server,
        "-alias",
        "server",
        "-dname",
        "CN=localhost",
        "-keyalg",
        "EC",
        "-validity",
        "2");
    keytool(dir, "-certreq", "-keystore", server, "-alias", "server", "-file", csr);
    keytool(
        dir,
        "-gencert",
        "-keystore",
        ca,
        "-alias",
        "ca",
        "-infile",
        csr,
        "-outfile",
        serverPem,
        "-rfc",
        "-validity",
        "2",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost");
    keytool(dir, "-importcert", "-keystore", server, "-alias", "ca", "-file", caPem, "-noprompt");
    keytool(dir, "-importcert", "-keystore", server, "-alias", "server", "-file", serverPem);
    return new TestCertificates(caPem, server);
  }

  /** The server keystore, loaded. */
  public KeyStore loadServerKeyStore() {
    try (InputStream in = Files.newInputStream(serverKeyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void keytool(Path dir, Object... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    for (Object a : args) {
      command.add(a.toString());
    }
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
