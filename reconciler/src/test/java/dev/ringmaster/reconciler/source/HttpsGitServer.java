package dev.ringmaster.reconciler.source;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real Git smart-HTTP server on loopback for tests: {@code git http-backend} run as a CGI per
 * request behind a JDK {@link HttpsServer} with the certificate of {@link TestCertificates} and
 * HTTP basic auth (user {@link #USER}, a password that {@link #setPassword} changes at once).
 * Serves every repository under {@code root} at {@code https://127.0.0.1:<port>/git/<name>}.
 */
public final class HttpsGitServer implements AutoCloseable {
  public static final String USER = "fleet-reader";
  private static final String PREFIX = "/git";

  private final HttpsServer server;
  private final ExecutorService executor;
  private final Path root;
  private volatile String password;

  private HttpsGitServer(HttpsServer server, ExecutorService executor, Path root, String password) {
    this.server = server;
    this.executor = executor;
    this.root = root;
    this.password = password;
  }

  public static HttpsGitServer start(Path root, TestCertificates certificates, String password) {
    try {
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.setHttpsConfigurator(new HttpsConfigurator(tls(certificates)));
      ExecutorService executor = Executors.newFixedThreadPool(4);
      HttpsGitServer git = new HttpsGitServer(server, executor, root, password);
      server
          .createContext(PREFIX, git::handle)
          .setAuthenticator(
              new BasicAuthenticator("ringmaster-test") {
                @Override
                public boolean checkCredentials(String user, String pass) {
                  return USER.equals(user) && git.password.equals(pass);
                }
              });
      server.setExecutor(executor);
      server.start();
      return git;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code https://127.0.0.1:<port>/git/<relative path of the repository under root>}. */
  public String url(Path repository) {
    return "https://127.0.0.1:"
        + server.getAddress().getPort()
        + PREFIX
        + "/"
        + root.relativize(repository).toString().replace('\\', '/');
  }

  public void setPassword(String password) {
    this.password = password;
  }

  private static SSLContext tls(TestCertificates certificates) {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(certificates.loadServerKeyStore(), TestCertificates.PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
      builder.environment().putAll(cgiEnvironment(exchange, body.length));
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
      respond(exchange, runCgi(builder.start(), body));
    }
  }

  private Map<String, String> cgiEnvironment(HttpExchange exchange, int length) {
    Map<String, String> env = new HashMap<>();
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("REQUEST_METHOD", exchange.getRequestMethod());
    env.put("PATH_INFO", exchange.getRequestURI().getPath().substring(PREFIX.length()));
    String query = exchange.getRequestURI().getRawQuery();
    env.put("QUERY_STRING", query == null ? "" : query);
    env.put("CONTENT_LENGTH", Integer.toString(length));
    env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
    env.put(
        "REMOTE_USER",
        exchange.getPrincipal() == null ? "" : exchange.getPrincipal().getUsername());
    header(exchange, "Content-Type").ifPresent(v -> env.put("CONTENT_TYPE", v));
    header(exchange, "Content-Encoding").ifPresent(v -> env.put("HTTP_CONTENT_ENCODING", v));
    header(exchange, "Git-Protocol").ifPresent(v -> env.put("GIT_PROTOCOL", v));
    return env;
  }

  private static java.util.Optional<String> header(HttpExchange exchange, String name) {
    return java.util.Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  private static byte[] runCgi(Process cgi, byte[] body) throws IOException {
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream in = cgi.getOutputStream()) {
                in.write(body);
              } catch (IOException e) {
                // the CGI ended before reading everything: its answer says why
              }
            });
    writer.start();
    byte[] output;
    try (InputStream out = cgi.getInputStream()) {
      output = out.readAllBytes();
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(60));
      cgi.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cgi.destroyForcibly();
    }
    return output;
  }

  private static void respond(HttpExchange exchange, byte[] output) throws IOException {
    int split = headerEnd(output);
    if (split < 0) {
      exchange.sendResponseHeaders(502, -1);
      return;
    }
    int status = 200;
    String head = new String(output, 0, split, StandardCharsets.ISO_8859_1);
    for (String line : head.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.split(" ")[0]);
      } else {
        exchange.getResponseHeaders().add(name, value);
      }
    }
    int bodyStart = split + (output[split] == '\r' ? 4 : 2);
    int length = output.length - bodyStart;
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length > 0) {
      exchange.getResponseBody().write(output, bodyStart, length);
    }
  }

  /** Index of the blank line ending the CGI headers ({@code \r\n\r\n} or {@code \n\n}). */
  private static int headerEnd(byte[] output) {
    for (int i = 0; i + 1 < output.length; i++) {
      if (output[i] == '\n' && output[i + 1] == '\n') {
        return i;
      }
      if (i + 3 < output.length
          && output[i] == '\r'
          && output[i + 1] == '\n'
          && output[i + 2] == '\r'
          && output[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
