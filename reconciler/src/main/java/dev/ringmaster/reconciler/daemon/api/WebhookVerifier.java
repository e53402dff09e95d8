package dev.ringmaster.reconciler.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks push webhooks from GitHub ({@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
 * body>}), Gitea ({@code X-Gitea-Signature: <hex>} or the GitHub header) and GitLab ({@code
 * X-Gitlab-Token: <secret>}) against one shared secret, in constant time. Immutable and
 * thread-safe.
 */
public final class WebhookVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final byte[] secret;
  private final String branch;

  /** {@code secret} empty or null: every delivery is rejected. */
  public WebhookVerifier(String secret, String branch) {
    this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    this.branch = branch;
  }

  /** {@code headers}: names in any case; {@code body}: the raw request body. */
  public HookVerdict verify(Map<String, String> headers, byte[] body) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    if (secret.length == 0) {
      return new HookVerdict.Rejected(
          "no webhook secret is configured (ringmaster.webhook.secret); deliveries are refused");
    }
    String provider = provider(h);
    boolean genuine;
    if (h.containsKey("X-Hub-Signature-256")) {
      genuine = hmacMatches(body, stripPrefix(h.get("X-Hub-Signature-256")));
    } else if (h.containsKey("X-Gitea-Signature")) {
      genuine = hmacMatches(body, h.get("X-Gitea-Signature"));
    } else if (h.containsKey("X-Gitlab-Token")) {
      genuine = tokenMatches(h.get("X-Gitlab-Token"));
    } else {
      return new HookVerdict.Rejected(
          "missing signature: send X-Hub-Signature-256, X-Gitea-Signature or X-Gitlab-Token");
    }
    if (!genuine) {
      return new HookVerdict.Rejected("signature does not match the configured secret");
    }
    String ref = pushedRef(body);
    return new HookVerdict.Accepted(provider, ref, ref.equals("refs/heads/" + branch));
  }

  private static String provider(Map<String, String> h) {
    if (h.containsKey("X-Gitea-Event") || h.containsKey("X-Gitea-Signature")) {
      return "gitea";
    }
    if (h.containsKey("X-Gitlab-Event") || h.containsKey("X-Gitlab-Token")) {
      return "gitlab";
    }
    return "github";
  }

  private static String stripPrefix(String signature) {
    String s = signature.trim();
    return s.regionMatches(true, 0, "sha256=", 0, 7) ? s.substring(7) : "";
  }

  private boolean hmacMatches(byte[] body, String hex) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] expected =
          HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.UTF_8);
      byte[] given = hex.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      return MessageDigest.isEqual(expected, given);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private boolean tokenMatches(String token) {
    return MessageDigest.isEqual(sha256(secret), sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String pushedRef(byte[] body) {
    try {
      JsonNode payload = JSON.readTree(body);
      return payload == null ? "" : payload.path("ref").asText("");
    } catch (IOException e) {
      return "";
    }
  }
}
