package dev.ringmaster.reconciler.seed;

import dev.ringmaster.driver.spi.SshFingerprint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A fresh SSH ed25519 host key pair for one VM, generated with the JDK's own EdDSA provider from a
 * strong random source. The private half exists only in this object until it is written into the
 * VM's seed image: {@link #toString()} never shows it, and nothing else keeps it. Immutable;
 * thread-safe. Never derived deterministically: every {@link #generate} is a new pair.
 */
public final class HostKeyPair {
  private static final String TYPE = "ssh-ed25519";
  private static final int KEY_BYTES = 32;
  private final byte[] seed;
  private final byte[] publicKey;

  private HostKeyPair(byte[] seed, byte[] publicKey) {
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /** A new random pair. */
  public static HostKeyPair generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] x509 = pair.getPublic().getEncoded();
      byte[] pkcs8 = pair.getPrivate().getEncoded();
      return new HostKeyPair(
          Arrays.copyOfRange(pkcs8, pkcs8.length - KEY_BYTES, pkcs8.length),
          littleEndianPoint(x509));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate ed25519 keys", e);
    }
  }

  private static byte[] littleEndianPoint(byte[] x509) {
    return Arrays.copyOfRange(x509, x509.length - KEY_BYTES, x509.length);
  }

  /** The OpenSSH public key line: {@code ssh-ed25519 AAAA... comment}. */
  public String publicKey(String comment) {
    String line = TYPE + " " + Base64.getEncoder().encodeToString(publicBlob());
    return comment == null || comment.isBlank() ? line : line + " " + comment;
  }

  /** The OpenSSH public key without comment, as the state store pins it. */
  public String publicKey() {
    return publicKey(null);
  }

  /** The fingerprint as OpenSSH prints it: {@code SHA256:...} (unpadded base64). */
  public String fingerprint() {
    return SshFingerprint.ofBlob(publicBlob());
  }

  /** The fingerprint of an OpenSSH public key line ({@code ssh-ed25519 AAAA...}). */
  public static String fingerprintOf(String publicKeyLine) {
    String[] parts = publicKeyLine.trim().split("\\s+");
    if (parts.length < 2) {
      return "(not a public key)";
    }
    try {
      return SshFingerprint.ofBlob(Base64.getDecoder().decode(parts[1]));
    } catch (IllegalArgumentException e) {
      return "(not a public key)";
    }
  }

  /**
   * The private key in OpenSSH's own format ({@code -----BEGIN OPENSSH PRIVATE KEY-----}, not
   * encrypted), as sshd and cloud-init's {@code ssh_keys.ed25519_private} take it. Secret: write it
   * only into the seed image.
   */
  public String privateKeyOpenSsh(String comment) {
    SshBuffer priv = new SshBuffer();
    int check = new SecureRandom().nextInt();
    priv.putInt(check).putInt(check);
    priv.putString(TYPE).putBytes(publicKey);
    byte[] both = new byte[KEY_BYTES * 2];
    System.arraycopy(seed, 0, both, 0, KEY_BYTES);
    System.arraycopy(publicKey, 0, both, KEY_BYTES, KEY_BYTES);
    priv.putBytes(both).putString(comment == null ? "" : comment);
    for (int pad = 1; priv.size() % 8 != 0; pad++) {
      priv.putByte(pad);
    }
    SshBuffer all = new SshBuffer();
    all.putRaw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
    all.putString("none").putString("none").putString("").putInt(1);
    all.putBytes(publicBlob());
    all.putBytes(priv.toByteArray());
    String body =
        Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(all.toByteArray());
    Arrays.fill(both, (byte) 0);
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
  }

  private byte[] publicBlob() {
    return new SshBuffer().putString(TYPE).putBytes(publicKey).toByteArray();
  }

  @Override
  public String toString() {
    return "HostKeyPair[" + fingerprint() + ", private key redacted]";
  }

  /** The SSH wire encoding: big-endian uint32 lengths before strings. */
  private static final class SshBuffer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    SshBuffer putInt(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    SshBuffer putByte(int v) {
      out.write(v);
      return this;
    }

    SshBuffer putRaw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    SshBuffer putBytes(byte[] b) {
      putInt(b.length);
      out.writeBytes(b);
      return this;
    }

    SshBuffer putString(String s) {
      return putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
      return out.size();
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
