package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.daemon.api.TokenStore.Decision;
import dev.ringmaster.reconciler.daemon.api.TokenStore.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
  @TempDir Path dir;
  Path file;

  static String digest(String token) {
    return HexFormat.of().formatHex(WebhookVerifier.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  @BeforeEach
  void writeTokens() throws Exception {
    file = dir.resolve("tokens");
    Files.writeString(
        file,
        "# scope digest name\n"
            + "read "
            + digest("reader-token")
            + " dashboards\n"
            + "write "
            + digest("writer-token")
            + " ci pipeline\n"
            + "admin nothex someone\n");
  }

  @Test
  void readAndWriteScopes() {
    TokenStore store = new TokenStore(file, false);

    assertThat(store.authorize("Bearer reader-token", Scope.READ))
        .isEqualTo(new Decision.Allowed("dashboards"));
    assertThat(store.authorize("Bearer writer-token", Scope.READ))
        .isEqualTo(new Decision.Allowed("ci pipeline"));
    assertThat(store.authorize("bearer writer-token", Scope.WRITE))
        .isEqualTo(new Decision.Allowed("ci pipeline"));
    assertThat(store.authorize("Bearer reader-token", Scope.WRITE))
        .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(403));
  }

  @Test
  void aSessionDigestIsCheckedAgainstTheFileOnEveryRequest() throws Exception {
    TokenStore store = new TokenStore(file, false);
    byte[] reader = WebhookVerifier.sha256("reader-token".getBytes(StandardCharsets.UTF_8));

    assertThat(store.authorizeDigest(reader, Scope.READ))
        .isEqualTo(new Decision.Allowed("dashboards"));
    assertThat(store.authorizeDigest(reader, Scope.WRITE))
        .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(403));
    assertThat(store.authorizeDigest(null, Scope.READ))
        .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
    assertThat(new TokenStore(file, true).authorizeDigest(null, Scope.READ))
        .isEqualTo(new Decision.Allowed("anonymous"));

    Files.writeString(file, "write " + digest("writer-token") + " ci\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(store.authorizeDigest(reader, Scope.READ))
        .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
  }

  @Test
  void missingOrUnknownTokensAre401() {
    TokenStore store = new TokenStore(file, false);

    assertThat(store.authorize(null, Scope.READ))
        .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
    assertThat(store.authorize("Basic abc", Scope.READ))
        .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
    assertThat(store.authorize("Bearer " + digest("reader-token"), Scope.READ))
        .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
  }

  @Test
  void readOpenLetsAnyoneReadButNotWrite() {
    TokenStore store = new TokenStore(file, true);

    assertThat(store.authorize(null, Scope.READ)).isInstanceOf(Decision.Allowed.class);
    assertThat(store.authorize(null, Scope.WRITE))
        .isInstanceOfSatisfying(Decision.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
  }

  @Test
  void badLinesAreReportedWithTheirNumbers() {
    TokenStore store = new TokenStore(file, false);

    assertThat(store.problems())
        .containsExactly(file + ":4: expected '<read|write> <sha256 hex> <name>'");
  }

  @Test
  void theFileIsReloadedWhenItChanges() throws Exception {
    TokenStore store = new TokenStore(file, false);
    assertThat(store.authorize("Bearer reader-token", Scope.READ))
        .isInstanceOf(Decision.Allowed.class);

    Files.writeString(file, "write " + digest("new-token") + " rotated\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(store.authorize("Bearer reader-token", Scope.READ))
        .isInstanceOf(Decision.Denied.class);
    assertThat(store.authorize("Bearer new-token", Scope.WRITE))
        .isEqualTo(new Decision.Allowed("rotated"));
    Files.delete(file);
    assertThat(store.authorize("Bearer new-token", Scope.READ)).isInstanceOf(Decision.Denied.class);
  }
}
