package dev.ringmaster.reconciler.ui;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sign-ins held in memory: a random session id (the only thing the browser keeps, in an
 * HttpOnly SameSite=Strict cookie) maps to the SHA-256 digest of the token it was opened with, for
 * {@link #LIFETIME}. The token itself is never stored; every request re-checks the digest against
 * the token file, so removing a token ends its sessions. Sessions end with the process.
 * Thread-safe.
 */
final class UiSessions {
  static final Duration LIFETIME = Duration.ofHours(12);
  private static final int MAX_SESSIONS = 10_000;

  private record Session(byte[] digest, Instant expires) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  UiSessions(Clock clock) {
    this.clock = clock;
  }

  /** Opens a session for a token digest; returns its id. */
  String open(byte[] digest) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> s.expires().isBefore(now));
    }
    byte[] id = new byte[32];
    random.nextBytes(id);
    String key = HexFormat.of().formatHex(id);
    sessions.put(key, new Session(digest.clone(), now.plus(LIFETIME)));
    return key;
  }

  /** The token digest of a live session; empty for an unknown or expired id. */
  Optional<byte[]> digest(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (!s.expires().isAfter(clock.instant())) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(s.digest());
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }
}
