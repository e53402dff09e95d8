package dev.ringmaster.reconciler.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus ({@code /usr/bin/prometheus}) on a free loopback port with a config and data
 * directory of its own: job {@code ringmaster-vms} scrapes the daemon's {@code /v1/metrics/vms},
 * job {@code node} discovers targets through {@code /v1/sd/prometheus} and relabels each to a
 * closed loopback port (its discovered address kept as {@code instance}), so nothing outside
 * loopback is contacted. Stopped by its PID.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static PrometheusServer start(Path dir, String daemon, String token)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = freePort();
    int closed = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 2s
          scrape_timeout: 2s
        scrape_configs:
          - job_name: ringmaster-vms
            metrics_path: /v1/metrics/vms
            authorization: { credentials: "%2$s" }
            static_configs: [ { targets: ["%1$s"] } ]
          - job_name: node
            http_sd_configs:
              - url: "http://%1$s/v1/sd/prometheus"
                refresh_interval: 2s
                authorization: { type: Bearer, credentials: "%2$s" }
            relabel_configs:
              - source_labels: [__address__]
                target_label: instance
              - target_label: __address__
                replacement: "127.0.0.1:%3$d"
        """
            .formatted(daemon, token, closed));
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                "/usr/bin/prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(p, port, log);
    Instant deadline = Instant.now().plusSeconds(60);
    while (!server.ready()) {
      if (Instant.now().isAfter(deadline) || !p.isAlive()) {
        server.close();
        throw new IOException("prometheus did not start: " + Files.readString(log));
      }
      Thread.sleep(200);
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private JsonNode api(String path) {
    try {
      return JSON.readTree(get(path).body()).path("data");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The active targets of {@code job}, as {@code /api/v1/targets} lists them. */
  public List<JsonNode> targets(String job) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode t : api("/api/v1/targets?state=active").path("activeTargets")) {
      if (job.equals(t.path("labels").path("job").asText())) {
        out.add(t);
      }
    }
    return out;
  }

  public long upTargets(String job) {
    return targets(job).stream().filter(t -> "up".equals(t.path("health").asText())).count();
  }

  /** The value of an instant query with one result; NaN when it has none. */
  public double value(String query) {
    JsonNode result =
        api("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
            .path("result");
    if (result.size() != 1) {
      return Double.NaN;
    }
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
