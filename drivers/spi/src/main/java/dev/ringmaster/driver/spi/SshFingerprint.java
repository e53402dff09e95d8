package dev.ringmaster.driver.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SSH key fingerprints as OpenSSH prints them ({@code ssh-keygen -l}). Pure and thread-safe. */
public final class SshFingerprint {
  private SshFingerprint() {}

  /** {@code SHA256:...} of an OpenSSH public key line ({@code ssh-ed25519 AAAA... [comment]}). */
  public static String of(String publicKeyLine) {
    String[] parts = publicKeyLine.trim().split("\\s+");
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts.length > 1 ? parts[1] : parts[0]);
    } catch (IllegalArgumentException e) {
      return "(unreadable key)";
    }
    return ofBlob(blob);
  }

  /** {@code SHA256:...} of a public key in SSH wire encoding (the base64 part, decoded). */
  public static String ofBlob(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
