package dev.ringmaster.reconciler.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket, no WebDriver): one
 * tab that navigates, evaluates expressions, reads cookies and takes screenshots. Started with a
 * fresh profile in a temp directory and the flags that keep it off the network; stopped by its PID.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** True when {@code /usr/bin/chromium} is installed. */
  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/chromium"));
  }

  public static HeadlessChromium start(Path dir) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    Path log = dir.resolve("chromium.log");
    Process p =
        new ProcessBuilder(
                "/usr/bin/chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--window-size=1280,860",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
        if (Instant.now().isAfter(deadline) || !p.isAlive()) {
          throw new IOException("chromium did not start: " + Files.readString(log));
        }
        Thread.sleep(100);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      String ws = pageSocket(port);
      HeadlessChromium[] self = new HeadlessChromium[1];
      Listener listener = new Listener(self);
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(URI.create(ws), listener)
              .get(30, TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(p, socket);
      self[0].call("Page.enable", Map.of());
      self[0].call("Network.enable", Map.of());
      return self[0];
    } catch (IOException | InterruptedException | RuntimeException e) {
      stopTree(p);
      throw e;
    } catch (Exception e) {
      stopTree(p);
      throw new IOException(e);
    }
  }

  private static String pageSocket(int port) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (JsonNode t : JSON.readTree(r.body())) {
      if ("page".equals(t.path("type").asText())) {
        return t.path("webSocketDebuggerUrl").asText();
      }
    }
    throw new IOException("no page target: " + r.body());
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonNode call(String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    socket.sendText(msg.toString(), true).join();
    try {
      JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + ": " + reply.get("error"));
      }
      return reply.path("result");
    } catch (Exception e) {
      throw new IllegalStateException(method + " failed", e);
    }
  }

  /** Loads {@code url} and waits for its load event. */
  public void navigate(String url) {
    events.clear();
    call("Page.navigate", Map.of("url", url));
    awaitLoad();
  }

  /** Waits for the next load event (after a click or a form submit). */
  public void awaitLoad() {
    Instant deadline = Instant.now().plus(TIMEOUT);
    try {
      while (Instant.now().isBefore(deadline)) {
        JsonNode e = events.poll(1, TimeUnit.SECONDS);
        if (e != null && "Page.loadEventFired".equals(e.path("method").asText())) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("no load event within " + TIMEOUT);
  }

  /** Evaluates a JavaScript expression in the page (test-side only) and returns its value. */
  public JsonNode eval(String expression) {
    return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
        .path("result")
        .path("value");
  }

  /** Evaluates an expression that navigates (a click, a submit) and waits for the new page. */
  public void evalAndWait(String expression) {
    events.clear();
    eval(expression);
    awaitLoad();
  }

  public String url() {
    return eval("location.href").asText();
  }

  public String text() {
    return eval("document.body.innerText").asText();
  }

  /** The texts of the elements {@code selector} matches. */
  public List<String> texts(String selector) {
    List<String> out = new ArrayList<>();
    eval("Array.from(document.querySelectorAll('" + selector + "')).map(e => e.textContent.trim())")
        .forEach(n -> out.add(n.asText()));
    return out;
  }

  public JsonNode cookies() {
    return call("Network.getCookies", Map.of()).path("cookies");
  }

  /** Saves a PNG of the whole page. */
  public void screenshot(Path png) throws IOException {
    JsonNode shot =
        call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", false));
    Files.createDirectories(png.getParent());
    Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  @Override
  public void close() throws InterruptedException {
    socket.abort();
    stopTree(process);
  }

  /**
   * Stops Chromium and every process it started (zygote, renderer, GPU and network services),
   * waiting until each has exited: they write into the profile directory until then, and a test's
   * temporary directory is deleted right after this returns.
   */
  private static void stopTree(Process p) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(0, p.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        h.destroyForcibly();
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
          // left to the operating system; the caller's cleanup may then report the directory
        }
      }
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final HeadlessChromium[] self;
    private final StringBuilder buffer = new StringBuilder();

    Listener(HeadlessChromium[] self) {
      this.self = self;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        try {
          JsonNode msg = JSON.readTree(text);
          HeadlessChromium c = self[0];
          if (c != null) {
            if (msg.has("id")) {
              CompletableFuture<JsonNode> f = c.pending.remove(msg.get("id").asInt());
              if (f != null) {
                f.complete(msg);
              }
            } else {
              c.events.add(msg);
            }
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
