package dev.ringmaster.reconciler.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The byte keys of the state store: big-endian sequences sort in numeric order. */
final class Keys {
  private Keys() {}

  static byte[] seq(long seq) {
    return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
  }

  static byte[] historyPrefix(String env) {
    byte[] e = env.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(e, e.length + 1);
  }

  static byte[] history(String env, long seq) {
    byte[] prefix = historyPrefix(env);
    return ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(seq).array();
  }

  static String environmentOf(byte[] historyKey) {
    return new String(historyKey, 0, historyKey.length - Long.BYTES - 1, StandardCharsets.UTF_8);
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
