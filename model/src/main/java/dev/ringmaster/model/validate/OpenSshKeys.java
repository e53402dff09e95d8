package dev.ringmaster.model.validate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Recognises OpenSSH public keys ({@code <type> <base64> [comment]}): the type must be known and
 * the base64 blob must decode and name the same type. Pure and thread-safe.
 */
public final class OpenSshKeys {
  /** The key types accepted. */
  public static final List<String> TYPES =
      List.of(
          "ssh-ed25519",
          "ssh-rsa",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "sk-ssh-ed25519@openssh.com",
          "sk-ecdsa-sha2-nistp256@openssh.com");

  private OpenSshKeys() {}

  /** What is wrong with {@code line} as a public key; empty when it is one. */
  public static Optional<String> problem(String line) {
    String[] parts = line.trim().split("\\s+", 3);
    if (parts.length < 2) {
      return Optional.of("it has no key data after the type");
    }
    if (!TYPES.contains(parts[0])) {
      return Optional.of("the key type " + Names.quote(parts[0]) + " is unknown");
    }
    byte[] blob;
    try {
      blob = java.util.Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      return Optional.of("the key data is not base64");
    }
    if (!parts[0].equals(embeddedType(blob))) {
      return Optional.of("the key data does not hold a " + parts[0] + " key");
    }
    return Optional.empty();
  }

  private static String embeddedType(byte[] blob) {
    if (blob.length < 4) {
      return "";
    }
    int length = ByteBuffer.wrap(blob).getInt();
    if (length < 0 || length > blob.length - 4) {
      return "";
    }
    return new String(blob, 4, length, StandardCharsets.US_ASCII);
  }
}
