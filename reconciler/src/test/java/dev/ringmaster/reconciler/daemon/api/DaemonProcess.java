package dev.ringmaster.reconciler.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.reconciler.testing.FaultInjectingDriver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon as a separate process ({@code java -jar target/quarkus-app/quarkus-run.jar
 * serve}), listening on a free loopback port, logging to a file. Stopped by its PID. When {@code
 * env} enables a fault hook of {@link FaultInjectingDriver}, the same built application runs on a
 * flat class path with the test classes added, so the test-only driver decorator is found.
 */
final class DaemonProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private DaemonProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static DaemonProcess start(Path dir, String repoUrl, Map<String, String> env) throws IOException {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dquarkus.http.host=127.0.0.1"));
    command.addAll(launch(jar, env));
    command.addAll(
        List.of(
            "serve",
            "--repo-url",
            repoUrl,
            "--state-dir",
            dir.resolve("state").toString(),
            "--port",
            Integer.toString(port)));
    Path log = Files.createTempFile(dir, "daemon", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new DaemonProcess(builder.start(), port, log);
  }

  /**
   * {@code -jar quarkus-run.jar}, or with a fault hook the fast-jar's parts as one class path
   * (transformed and generated classes first, as Quarkus' own class loader orders them) plus the
   * test classes that register the hook.
   */
  private static List<String> launch(Path jar, Map<String, String> env) {
    boolean faults =
        env.containsKey(FaultInjectingDriver.VARIABLE)
            || env.containsKey(FaultInjectingDriver.PAUSE_VARIABLE)
            || env.containsKey(dev.ringmaster.reconciler.testing.RestoreGateDriver.VARIABLE);
    if (!faults) {
      return List.of("-jar", jar.toString());
    }
    Path app = jar.getParent();
    String sep = java.io.File.pathSeparator;
    String classPath =
        String.join(
            sep,
            app.resolve("quarkus/transformed-bytecode.jar").toString(),
            app.resolve("quarkus/generated-bytecode.jar").toString(),
            app.resolve("app/*").toString(),
            app.resolve("lib/main/*").toString(),
            app.resolve("lib/boot/*").toString(),
            Path.of("target/test-classes").toAbsolutePath().toString());
    return List.of("-cp", classPath, RingmasterServe.class.getName());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  int status(String path) {
    HttpResponse<String> r = send("GET", path, Map.of(), null);
    return r == null ? -1 : r.statusCode();
  }

  JsonNode json(String path) {
    HttpResponse<String> r = send("GET", path, Map.of(), null);
    if (r == null || r.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + " -> " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The readiness answer's JSON, UP (200) or DOWN (503). */
  JsonNode readiness() {
    HttpResponse<String> r = send("GET", "/q/health/ready", Map.of(), null);
    if (r == null) {
      throw new AssertionError("GET /q/health/ready -> no answer");
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM, then waits; returns the exit code, or -1 if it did not end in time. */
  int terminate(Duration wait) throws InterruptedException {
    process.destroy();
    return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** Waits for the process to end by itself; returns its exit code, or -1 if it did not. */
  int waitForExit(Duration wait) throws InterruptedException {
    return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /**
   * A real SIGKILL ({@code kill -9 <pid>}); waits for the end and returns the exit status (137).
   */
  int sigkill() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid())).inheritIO().start();
    if (!kill.waitFor(60, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -KILL " + pid() + " failed");
    }
    return waitForExit(Duration.ofSeconds(60));
  }

  /**
   * Waits until the daemon's log holds {@code line}; fails with the log if it dies or time runs
   * out.
   */
  void awaitLog(String line, Duration timeout) {
    await("the log says '" + line + "'", () -> log().contains(line), timeout);
  }

  /**
   * Polls {@code condition} (an AssertionError counts as false) until it holds; fails with the
   * daemon's log when the daemon dies or {@code timeout} passes.
   */
  void await(String what, java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!holds(condition)) {
      if (!alive()) {
        throw new AssertionError("the daemon died waiting until " + what + ":\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting until " + what + "\n--- daemon log ---\n" + log());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }

  private static boolean holds(java.util.function.BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (AssertionError e) {
      return false;
    }
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
