package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.seed.SeedDocuments;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The generated private host keys never leave the seed image: not in the CLI's output (plan as
 * text, JSON and Markdown, apply, drift, status, seed), not in the log, not in the state store (kv
 * area with the pinned keys, journal, plan and drift history). Runs a whole create on {@code
 * test:///default} with guests managed (they are still "booting" there: nothing answers SSH).
 */
class SeedSecretsTest {
  private static final Path FLEET = Paths.get("src/test/resources/fleet");

  /** Every OpenSSH private key holds these, in PEM armour and in its base64 body. */
  private static final List<String> PRIVATE_MARKERS =
      List.of("PRIVATE KEY", "b3BlbnNzaC1rZXktdjE", "openssh-key-v1");

  private static Connect keeper;

  @TempDir Path state;
  @TempDir Path keys;

  @BeforeAll
  static void keepTestDriverState() throws LibvirtException {
    keeper = new Connect("test:///default");
  }

  @AfterAll
  static void release() throws LibvirtException {
    keeper.close();
  }

  @Test
  void privateHostKeysReachNoOutputLogOrStore() throws Exception {
    Path nixos = nixosConfig();
    List<String> logged = new ArrayList<>();
    Handler capture = capture(logged);
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    List<String> outputs = new ArrayList<>();
    try {
      String[] common = {
        "--repo",
        FLEET.toString(),
        "--state-dir",
        state.toString(),
        "--env",
        "myapp-staging",
        "--nixos-config",
        nixos.toString()
      };
      for (String format : List.of("text", "json", "markdown")) {
        outputs.add(cli(concat(new String[] {"plan", "--format", format}, common)));
      }
      String apply = cli(concat(new String[] {"apply"}, common));
      assertThat(apply).contains("create seed/kvm01/myapp00 ... ok");
      assertThat(apply)
          .as("a guest that does not answer yet is booting, not failed")
          .contains("is booting");
      outputs.add(apply);
      for (String format : List.of("text", "json", "markdown")) {
        outputs.add(cli(concat(new String[] {"plan", "--format", format}, common)));
        outputs.add(cli(concat(new String[] {"drift", "--format", format}, common)));
      }
      outputs.add(cli(concat(new String[] {"status"}, common)));
      String seed =
          cli("seed", "myapp00", "--repo", FLEET.toString(), "--nixos-config", nixos.toString());
      assertThat(seed)
          .contains("ed25519_private: \"" + SeedDocuments.REDACTED + "\"")
          .contains(Files.readString(keys.resolve("mgmt.pub")).trim())
          .contains("set-name: ethsrv");
      outputs.add(seed);
    } finally {
      root.removeHandler(capture);
    }

    List<String> stored = new ArrayList<>();
    try (StateStore store = StateStore.open(state)) {
      assertThat(store.entries(""))
          .as("the public halves are pinned")
          .containsKey("hostkey/10.3.0.10:22")
          .containsKey("hostkey/10.3.0.11:22");
      assertThat(store.entries("").get("hostkey/10.3.0.10:22")).startsWith("ssh-ed25519 ");
      stored.add(store.entries("").toString());
      for (JournalEntry e : store.journal(Long.MAX_VALUE, 10_000)) {
        stored.add(e.toString());
      }
      for (String env : store.environments()) {
        store.plans(env, 100).forEach(p -> stored.add(p.toString()));
        store.drifts(env, 100).forEach(d -> stored.add(d.toString()));
      }
    }
    for (String text : concatAll(outputs, logged, stored)) {
      for (String marker : PRIVATE_MARKERS) {
        assertThat(text).doesNotContain(marker);
      }
    }
    assertThat(logged).isNotEmpty();
  }

  private Path nixosConfig() throws IOException, InterruptedException {
    Path key = keys.resolve("mgmt");
    Process p =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mgmt", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Path file = keys.resolve("nixos.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "ringmaster.nixos.private-key=" + key,
            "ringmaster.nixos.connect-timeout=1s",
            "ringmaster.nixos.boot-timeout=2s",
            ""));
    return file;
  }

  private static Handler capture(List<String> into) {
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            StringBuilder s = new StringBuilder(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
              for (Object o : r.getParameters()) {
                s.append(' ').append(o);
              }
            }
            if (r.getThrown() != null) {
              ByteArrayOutputStream b = new ByteArrayOutputStream();
              r.getThrown()
                  .printStackTrace(new java.io.PrintStream(b, true, StandardCharsets.UTF_8));
              s.append(b.toString(StandardCharsets.UTF_8));
            }
            synchronized (into) {
              into.add(s.toString());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    h.setLevel(Level.ALL);
    return h;
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    RingmasterCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return out + "\n" + err;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @SafeVarargs
  private static List<String> concatAll(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return out;
  }
}
