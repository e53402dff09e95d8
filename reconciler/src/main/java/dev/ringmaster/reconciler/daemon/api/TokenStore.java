package dev.ringmaster.reconciler.daemon.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * API bearer tokens, read from a file of lines {@code <scope> <sha256 hex of the token> <name>}
 * ({@code read} or {@code write}; {@code write} implies {@code read}; {@code #} starts a comment).
 * Only digests are held. The file is re-read when its modification time or size changes; a missing
 * file means no token is valid. Thread-safe.
 */
public final class TokenStore {
  /** What a token may do. */
  public enum Scope {
    READ,
    WRITE
  }

  /** One line of the token file. */
  public record Entry(Scope scope, byte[] digest, String name) {}

  /** The outcome of checking a request. */
  public sealed interface Decision {
    /** The request may proceed; {@code who} is the token's name (or "anonymous"). */
    record Allowed(String who) implements Decision {}

    /** 401 (no or unknown token) or 403 (token lacks the scope). */
    record Denied(int status, String message) implements Decision {}
  }

  private final Path file;
  private final boolean readOpen;
  private volatile Snapshot snapshot = new Snapshot(null, -1, List.of(), List.of());

  private record Snapshot(
      FileTime modified, long size, List<Entry> entries, List<String> problems) {}

  public TokenStore(Path file, boolean readOpen) {
    this.file = file;
    this.readOpen = readOpen;
  }

  /** Checks an {@code Authorization} header value (nullable) for {@code needed}. */
  public Decision authorize(String authorization, Scope needed) {
    if (needed == Scope.READ && readOpen) {
      return new Decision.Allowed("anonymous");
    }
    String token = bearer(authorization);
    if (token == null) {
      return new Decision.Denied(401, "missing bearer token: send Authorization: Bearer <token>");
    }
    Optional<Entry> entry = find(token);
    if (entry.isEmpty()) {
      return new Decision.Denied(401, "unknown bearer token");
    }
    if (needed == Scope.WRITE && entry.get().scope() != Scope.WRITE) {
      return new Decision.Denied(
          403, "token '" + entry.get().name() + "' has read scope; this needs write");
    }
    return new Decision.Allowed(entry.get().name());
  }

  /**
   * Checks a token known only by its SHA-256 digest (a dashboard session) for {@code needed}, as
   * {@link #authorize} does: read-open allows reads; a digest no longer in the file is denied.
   */
  public Decision authorizeDigest(byte[] digest, Scope needed) {
    if (needed == Scope.READ && readOpen) {
      return new Decision.Allowed("anonymous");
    }
    if (digest == null) {
      return new Decision.Denied(401, "not signed in");
    }
    refresh();
    for (Entry e : snapshot.entries()) {
      if (MessageDigest.isEqual(e.digest(), digest)) {
        return needed == Scope.WRITE && e.scope() != Scope.WRITE
            ? new Decision.Denied(403, "token '" + e.name() + "' has read scope; this needs write")
            : new Decision.Allowed(e.name());
      }
    }
    return new Decision.Denied(401, "the token of this session is no longer valid");
  }

  /** True when reads need no token ({@code ringmaster.api.read-open}). */
  public boolean readOpen() {
    return readOpen;
  }

  /** Lines of the token file that could not be understood, with their numbers. */
  public List<String> problems() {
    refresh();
    return snapshot.problems();
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String a = authorization.trim();
    if (!a.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = a.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private Optional<Entry> find(String token) {
    refresh();
    byte[] digest = WebhookVerifier.sha256(token.getBytes(StandardCharsets.UTF_8));
    Entry found = null;
    for (Entry e : snapshot.entries()) {
      if (MessageDigest.isEqual(e.digest(), digest) && found == null) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  private void refresh() {
    if (file == null) {
      return;
    }
    try {
      if (!Files.exists(file)) {
        snapshot = new Snapshot(null, -1, List.of(), List.of());
        return;
      }
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Snapshot current = snapshot;
      if (modified.equals(current.modified()) && size == current.size()) {
        return;
      }
      snapshot = parse(modified, size, Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      snapshot = new Snapshot(null, -1, List.of(), List.of(file + ": " + e.getMessage()));
    }
  }

  private Snapshot parse(FileTime modified, long size, List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 3);
      Optional<Entry> entry = parts.length == 3 ? entry(parts) : Optional.empty();
      if (entry.isPresent()) {
        entries.add(entry.get());
      } else {
        problems.add(file + ":" + (i + 1) + ": expected '<read|write> <sha256 hex> <name>'");
      }
    }
    return new Snapshot(modified, size, List.copyOf(entries), List.copyOf(problems));
  }

  private static Optional<Entry> entry(String[] parts) {
    Scope scope;
    try {
      scope = Scope.valueOf(parts[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!parts[1].matches("[0-9a-fA-F]{64}")) {
      return Optional.empty();
    }
    return Optional.of(new Entry(scope, HexFormat.of().parseHex(parts[1]), parts[2]));
  }
}
