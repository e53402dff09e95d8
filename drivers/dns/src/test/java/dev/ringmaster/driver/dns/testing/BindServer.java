package dev.ringmaster.driver.dns.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A real BIND 9 ({@code named} from Debian's {@code bind9} package) for tests: its own temp
 * directory, config, zone files and a TSIG key made by {@code tsig-keygen}; it listens on 127.0.0.1
 * only, on a free port (UDP and TCP), with IPv6 off, no recursion and no control channel. Started
 * in the foreground as a child process and stopped by its PID. Never touches the machine's own
 * named configuration.
 */
public final class BindServer implements AutoCloseable {
  /** The key name the server trusts for updates and transfers. */
  public static final String KEY_NAME = "ringmaster-test";

  private static final Pattern SECRET = Pattern.compile("secret\\s+\"([^\"]+)\"");

  private final Path dir;
  private final int port;
  private final List<String> zones;
  private Process process;

  private BindServer(Path dir, int port, List<String> zones) {
    this.dir = dir;
    this.port = port;
    this.zones = List.copyOf(zones);
  }

  /**
   * Starts named serving {@code zones} (each with an SOA and NS record, plus {@code extra} zone
   * file lines for the first zone: the foreign records a test needs), updatable and transferable
   * with {@link #KEY_NAME} only.
   */
  public static BindServer start(Path dir, List<String> zones, List<String> extra)
      throws IOException, InterruptedException {
    return start(dir, freePort(), zones, extra);
  }

  /** As {@link #start(Path, List, List)} on a given port (chosen with {@link #freePort()}). */
  public static BindServer start(Path dir, int port, List<String> zones, List<String> extra)
      throws IOException, InterruptedException {
    BindServer server = new BindServer(dir, port, zones);
    server.writeConfig(extra);
    server.launch();
    return server;
  }

  private void writeConfig(List<String> extra) throws IOException, InterruptedException {
    if (!Files.exists(keyFile())) {
      generateKey(dir);
    }
    StringBuilder conf = new StringBuilder();
    conf.append("include \"").append(dir.resolve("tsig.key")).append("\";\n");
    conf.append("options {\n")
        .append("  directory \"")
        .append(dir)
        .append("\";\n")
        .append("  pid-file \"")
        .append(dir.resolve("named.pid"))
        .append("\";\n")
        .append("  lock-file \"")
        .append(dir.resolve("named.lock"))
        .append("\";\n")
        .append("  session-keyfile \"")
        .append(dir.resolve("session.key"))
        .append("\";\n")
        .append("  managed-keys-directory \"")
        .append(dir)
        .append("\";\n")
        .append("  listen-on port ")
        .append(port)
        .append(" { 127.0.0.1; };\n")
        .append("  listen-on-v6 { none; };\n")
        .append("  recursion no;\n")
        .append("  notify no;\n")
        .append("  dnssec-validation no;\n")
        .append("  allow-query { 127.0.0.1; };\n")
        .append("};\n")
        .append("controls { };\n");
    for (int i = 0; i < zones.size(); i++) {
      String zone = zones.get(i);
      Path file = dir.resolve(zone + ".zone");
      List<String> lines = new ArrayList<>();
      lines.add("$TTL 300");
      lines.add(
          "@ IN SOA ns."
              + zones.get(0)
              + ". hostmaster."
              + zones.get(0)
              + ". 1 3600 600 86400 300");
      lines.add("@ IN NS ns." + zones.get(0) + ".");
      if (i == 0) {
        lines.add("ns IN A 127.0.0.1");
        lines.addAll(extra);
      }
      Files.write(file, lines);
      conf.append("zone \"")
          .append(zone)
          .append("\" {\n")
          .append("  type primary;\n")
          .append("  file \"")
          .append(file)
          .append("\";\n")
          .append("  journal \"")
          .append(dir.resolve(zone + ".jnl"))
          .append("\";\n")
          .append("  allow-update { key ")
          .append(KEY_NAME)
          .append("; };\n")
          .append("  allow-transfer { key ")
          .append(KEY_NAME)
          .append("; };\n")
          .append("};\n");
    }
    Files.writeString(dir.resolve("named.conf"), conf.toString());
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                "/usr/sbin/named",
                "-c",
                dir.resolve("named.conf").toString(),
                "-f",
                "-4",
                "-n",
                "1",
                "-p",
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("named.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("named exited: " + log());
      }
      if (answers()) {
        return;
      }
      Thread.sleep(100);
    }
    close();
    throw new IOException("named did not answer within 30 s: " + log());
  }

  private boolean answers() {
    try {
      Message q =
          Message.newQuery(
              Record.newRecord(Name.fromString(zones.get(0) + "."), Type.SOA, DClass.IN));
      Message r = resolver(null).send(q);
      return r.getRcode() == Rcode.NOERROR && r.getSection(Section.ANSWER).size() == 1;
    } catch (IOException e) {
      return false;
    }
  }

  private SimpleResolver resolver(TSIG key) throws IOException {
    SimpleResolver res = new SimpleResolver(InetAddress.getLoopbackAddress());
    res.setPort(port);
    res.setTCP(true);
    res.setTimeout(Duration.ofSeconds(3));
    if (key != null) {
      res.setTSIGKey(key);
    }
    return res;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** The key file as tsig-keygen wrote it (a BIND {@code key} clause). */
  public Path keyFile() {
    return keyFile(dir);
  }

  /**
   * Writes a new key with {@code tsig-keygen} to {@link #keyFile(Path)}; a server started later in
   * {@code dir} uses it.
   */
  public static Path generateKey(Path dir) throws IOException, InterruptedException {
    Path file = keyFile(dir);
    Process keygen =
        new ProcessBuilder("tsig-keygen", "-a", "hmac-sha256", KEY_NAME)
            .redirectErrorStream(true)
            .redirectOutput(file.toFile())
            .start();
    if (keygen.waitFor() != 0) {
      throw new IOException("tsig-keygen failed: " + Files.readString(file));
    }
    return file;
  }

  /** Where a server started in {@code dir} keeps its key file. */
  public static Path keyFile(Path dir) {
    return dir.resolve("tsig.key");
  }

  /** The base64 secret of the key. */
  public String secret() throws IOException {
    Matcher m = SECRET.matcher(Files.readString(keyFile()));
    if (!m.find()) {
      throw new IOException("no secret in " + keyFile());
    }
    return m.group(1);
  }

  /** Values of {@code type} at {@code fqdn} (absolute, without the trailing dot), sorted. */
  public List<String> query(String fqdn, String type) throws IOException {
    Message q =
        Message.newQuery(
            Record.newRecord(Name.fromString(fqdn + "."), Type.value(type), DClass.IN));
    Message r = resolver(null).send(q);
    List<String> out = new ArrayList<>();
    for (Record rec : r.getSection(Section.ANSWER)) {
      if (rec.getType() == Type.value(type)) {
        out.add(rec.rdataToString().toLowerCase(Locale.ROOT));
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Changes the zone as an administrator would with {@code nsupdate}: {@code lines} are nsupdate
   * commands ({@code update delete ...}, {@code update add ...}); sent signed with the key.
   */
  public void nsupdate(String zone, List<String> lines) throws IOException, InterruptedException {
    List<String> script = new ArrayList<>();
    script.add("server 127.0.0.1 " + port);
    script.add("zone " + zone);
    script.addAll(lines);
    script.add("send");
    Path file = dir.resolve("nsupdate.txt");
    Files.write(file, script);
    Process p =
        new ProcessBuilder("nsupdate", "-v", "-k", keyFile().toString(), file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("nsupdate failed: " + out);
    }
  }

  /** Sends an unsigned-by-Ringmaster update message (for tests that build their own). */
  public Message send(Update update, TSIG key) throws IOException {
    return resolver(key).send(update);
  }

  public String log() throws IOException {
    Path log = dir.resolve("named.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Stops named by its PID (SIGTERM, then SIGKILL after 30 s). Idempotent. */
  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** A port free for both TCP and UDP on 127.0.0.1 right now. */
  public static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = tcp.getLocalPort();
        try (DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
          return port;
        } catch (IOException busy) {
          // taken for UDP: try another
        }
      }
    }
    throw new IOException("no free port on 127.0.0.1");
  }
}
