package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.source.TestRemote;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/**
 * A real bare Git remote with a two-environment fleet, a token file and a webhook secret in a temp
 * directory, configured into the daemon under test.
 */
public class TestFleetResource implements QuarkusTestResourceLifecycleManager {
  public static final String SECRET = "hook-secret";
  public static final String READ_TOKEN = "read-token-123";
  public static final String WRITE_TOKEN = "write-token-456";
  static Path dir;
  static TestRemote remote;
  static String firstCommit;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("ringmaster-daemon-test");
      remote = TestRemote.create(dir);
      remote
          .write("hosts/kvm01.yaml", TestRemote.hypervisor("kvm01"))
          .write("environments/a.yaml", TestRemote.environment("a-prod", "a", "kvm01", "4GiB"))
          .write("environments/b.yaml", TestRemote.environment("b-prod", "b", "kvm01", "4GiB"));
      firstCommit = remote.commitAndPush("initial");
      Path tokens = dir.resolve("tokens");
      Files.writeString(
          tokens,
          "# test tokens\nread "
              + digest(READ_TOKEN)
              + " reader\nwrite "
              + digest(WRITE_TOKEN)
              + " writer\n");
      return Map.of(
          "ringmaster.repo.url", remote.url(),
          "ringmaster.repo.poll-interval", "1h",
          "ringmaster.state.dir", dir.resolve("state").toString(),
          "ringmaster.webhook.secret", SECRET,
          "ringmaster.api.token-file", tokens.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String digest(String token) {
    return HexFormat.of().formatHex(WebhookVerifier.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void stop() {
    remote.close();
  }
}
