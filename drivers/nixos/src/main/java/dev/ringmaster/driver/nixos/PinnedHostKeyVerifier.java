package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.driver.spi.SshFingerprint;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks a guest's host key: first against the pinned known_hosts file, then against keys recorded
 * on first use; an unknown key is accepted (and recorded) only with trust on first use, a changed
 * key never. One instance per connection attempt: {@link #outcome()} tells why a key was refused.
 */
final class PinnedHostKeyVerifier implements HostKeyVerifier {
  enum Outcome {
    NOT_CHECKED,
    PINNED,
    RECORDED_ON_FIRST_USE,
    UNKNOWN,
    CHANGED
  }

  private final OpenSSHKnownHosts knownHosts;
  private final HostKeyStore store;
  private final boolean trustOnFirstUse;
  private Outcome outcome = Outcome.NOT_CHECKED;
  private Outcome fileOutcome;
  private String expected;
  private String presented;

  PinnedHostKeyVerifier(Path knownHostsFile, HostKeyStore store, boolean trustOnFirstUse)
      throws IOException {
    this.knownHosts = load(knownHostsFile);
    this.store = store;
    this.trustOnFirstUse = trustOnFirstUse;
  }

  private OpenSSHKnownHosts load(Path file) throws IOException {
    if (file == null || !Files.exists(file)) {
      return new Capturing(new StringReader(""));
    }
    return new Capturing(file.toFile());
  }

  Outcome outcome() {
    return outcome;
  }

  /** The fingerprint of the pinned key the guest should have presented; null when unknown. */
  String expectedFingerprint() {
    return expected == null ? null : SshFingerprint.of(expected);
  }

  /** The fingerprint of the key the guest presented; null before any was presented. */
  String presentedFingerprint() {
    return presented == null ? null : SshFingerprint.of(presented);
  }

  @Override
  public synchronized boolean verify(String hostname, int port, PublicKey key) {
    fileOutcome = Outcome.UNKNOWN;
    presented = encode(key);
    if (knownHosts.verify(hostname, port, key)) {
      outcome = Outcome.PINNED;
      return true;
    }
    if (fileOutcome == Outcome.CHANGED) {
      outcome = Outcome.CHANGED;
      return false;
    }
    String presented = encode(key);
    this.presented = presented;
    Optional<String> recorded = store.find(hostname, port);
    if (recorded.isPresent()) {
      expected = recorded.get();
      outcome = recorded.get().equals(presented) ? Outcome.PINNED : Outcome.CHANGED;
      return outcome == Outcome.PINNED;
    }
    if (!trustOnFirstUse) {
      outcome = Outcome.UNKNOWN;
      return false;
    }
    store.record(hostname, port, presented);
    outcome = Outcome.RECORDED_ON_FIRST_USE;
    return true;
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    List<String> algorithms = new ArrayList<>(knownHosts.findExistingAlgorithms(hostname, port));
    store
        .find(hostname, port)
        .map(k -> k.split(" ", 2)[0])
        .filter(a -> !algorithms.contains(a))
        .ifPresent(algorithms::add);
    return algorithms;
  }

  /** OpenSSH public key text of {@code key}: {@code ssh-ed25519 AAAA...}. */
  static String encode(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    return KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob);
  }

  private final class Capturing extends OpenSSHKnownHosts {
    Capturing(File file) throws IOException {
      super(file);
    }

    Capturing(StringReader reader) throws IOException {
      super(reader);
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
      fileOutcome = Outcome.UNKNOWN;
      return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
      fileOutcome = Outcome.CHANGED;
      return false;
    }
  }
}
