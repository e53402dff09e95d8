package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  static final String SECRET = "s3cret";
  static final byte[] PUSH_MAIN =
      "{\"ref\":\"refs/heads/main\",\"after\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
  final WebhookVerifier verifier = new WebhookVerifier(SECRET, "main");

  static String hmac(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void acceptsAGitHubPushSignedWithTheSecret() throws Exception {
    HookVerdict verdict =
        verifier.verify(
            Map.of(
                "x-hub-signature-256",
                "sha256=" + hmac(SECRET, PUSH_MAIN),
                "X-GitHub-Event",
                "push"),
            PUSH_MAIN);

    assertThat(verdict).isEqualTo(new HookVerdict.Accepted("github", "refs/heads/main", true));
  }

  @Test
  void acceptsAGiteaSignatureWithoutPrefix() throws Exception {
    HookVerdict verdict =
        verifier.verify(Map.of("X-Gitea-Signature", hmac(SECRET, PUSH_MAIN)), PUSH_MAIN);

    assertThat(verdict).isEqualTo(new HookVerdict.Accepted("gitea", "refs/heads/main", true));
  }

  @Test
  void acceptsAGitLabTokenEqualToTheSecret() {
    HookVerdict verdict =
        verifier.verify(Map.of("X-Gitlab-Token", SECRET, "X-Gitlab-Event", "Push Hook"), PUSH_MAIN);

    assertThat(verdict).isEqualTo(new HookVerdict.Accepted("gitlab", "refs/heads/main", true));
  }

  @Test
  void aPushToAnotherBranchIsAcceptedButNotRelevant() throws Exception {
    byte[] body = "{\"ref\":\"refs/heads/feature\"}".getBytes(StandardCharsets.UTF_8);

    HookVerdict verdict =
        verifier.verify(Map.of("X-Hub-Signature-256", "sha256=" + hmac(SECRET, body)), body);

    assertThat(verdict).isEqualTo(new HookVerdict.Accepted("github", "refs/heads/feature", false));
  }

  @Test
  void rejectsAWrongSignatureAWrongTokenAndNoSignature() throws Exception {
    assertThat(
            verifier.verify(
                Map.of("X-Hub-Signature-256", "sha256=" + hmac("other", PUSH_MAIN)), PUSH_MAIN))
        .isInstanceOf(HookVerdict.Rejected.class);
    assertThat(verifier.verify(Map.of("X-Hub-Signature-256", hmac(SECRET, PUSH_MAIN)), PUSH_MAIN))
        .isInstanceOf(HookVerdict.Rejected.class);
    assertThat(verifier.verify(Map.of("X-Gitlab-Token", "s3cre"), PUSH_MAIN))
        .isInstanceOf(HookVerdict.Rejected.class);
    assertThat(verifier.verify(Map.of(), PUSH_MAIN))
        .isEqualTo(
            new HookVerdict.Rejected(
                "missing signature: send X-Hub-Signature-256, X-Gitea-Signature or X-Gitlab-Token"));
  }

  @Test
  void aSignatureOverADifferentBodyIsRejected() throws Exception {
    byte[] tampered =
        "{\"ref\":\"refs/heads/main\",\"after\":\"evil\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(
            verifier.verify(
                Map.of("X-Hub-Signature-256", "sha256=" + hmac(SECRET, PUSH_MAIN)), tampered))
        .isInstanceOf(HookVerdict.Rejected.class);
  }

  @Test
  void withoutAConfiguredSecretEverythingIsRejected() {
    WebhookVerifier open = new WebhookVerifier("", "main");

    assertThat(open.verify(Map.of("X-Gitlab-Token", ""), PUSH_MAIN))
        .isInstanceOf(HookVerdict.Rejected.class);
  }
}
