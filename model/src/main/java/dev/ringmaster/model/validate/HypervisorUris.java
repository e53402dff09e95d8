package dev.ringmaster.model.validate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How safe a hypervisor's libvirt URI is about the identity of the host it reaches. Ringmaster pins
 * the SSH host key itself only for {@code qemu+libssh://} (it writes the known_hosts file libvirt
 * verifies against); forms that skip the check are refused, forms whose check Ringmaster does not
 * control draw a warning. Pure and thread-safe.
 */
public final class HypervisorUris {
  /**
   * Query parameters Ringmaster sets itself on {@code +libssh} URIs; never written in the fleet.
   */
  public static final List<String> MANAGED_PARAMETERS =
      List.of("known_hosts", "keyfile", "sshauth", "no_verify", "known_hosts_verify");

  private static final String SAFE_FORM = "write qemu+libssh://root@HOST/system and pin hostKey";

  private HypervisorUris() {}

  /** A refused URI form: what is wrong and what to write instead. */
  public record Problem(String message, String hint) {}

  /** The transport of {@code uri}: {@code libssh} for {@code qemu+libssh://...}, "" for none. */
  public static String transport(String uri) {
    int colon = uri.indexOf(':');
    String scheme = colon < 0 ? uri : uri.substring(0, colon);
    int plus = scheme.indexOf('+');
    return plus < 0 ? "" : scheme.substring(plus + 1).toLowerCase(Locale.ROOT);
  }

  /** Whether Ringmaster verifies the host key of this URI against its pin. */
  public static boolean pinsHostKey(String uri) {
    return transport(uri).equals("libssh");
  }

  /** The query parameters of {@code uri}, decoded, in order; later duplicates win. */
  public static Map<String, String> parameters(String uri) {
    Map<String, String> out = new LinkedHashMap<>();
    int q = uri.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : uri.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(decode(key).toLowerCase(Locale.ROOT), decode(value));
    }
    return out;
  }

  /** Why {@code uri} is refused: it skips the host check, or sets what Ringmaster sets. */
  public static Optional<Problem> problem(String uri) {
    String transport = transport(uri);
    Map<String, String> params = parameters(uri);
    String noVerify = params.get("no_verify");
    if (noVerify != null && !noVerify.equals("0")) {
      return Optional.of(
          new Problem(
              "no_verify=" + noVerify + " turns off the check of the host's identity", SAFE_FORM));
    }
    String knownHostsVerify = params.get("known_hosts_verify");
    if (knownHostsVerify != null && !knownHostsVerify.equals("normal")) {
      return Optional.of(
          new Problem(
              "known_hosts_verify="
                  + knownHostsVerify
                  + " accepts host keys that are not in known_hosts",
              SAFE_FORM));
    }
    if (transport.equals("tcp")) {
      return Optional.of(
          new Problem(
              "qemu+tcp:// neither encrypts nor checks the host's identity",
              SAFE_FORM + ", or use qemu+tls://"));
    }
    if (transport.equals("libssh")) {
      for (String managed : MANAGED_PARAMETERS) {
        if (params.containsKey(managed)) {
          return Optional.of(
              new Problem(
                  managed + "= is set by Ringmaster on qemu+libssh:// URIs",
                  "remove it; pin the key with hostKey and name Ringmaster's key with"
                      + " ringmaster.hypervisor.ssh-key"));
        }
      }
    }
    return Optional.empty();
  }

  /** Why {@code uri} is accepted but its host check is not Ringmaster's pin; empty when it is. */
  public static Optional<Problem> warning(String uri) {
    return switch (transport(uri)) {
      case "ssh" ->
          Optional.of(
              new Problem(
                  "qemu+ssh:// checks the host key only against the OpenSSH configuration of the user"
                      + " running Ringmaster, not against a key pinned by Ringmaster",
                  SAFE_FORM));
      case "libssh2" ->
          Optional.of(
              new Problem(
                  "qemu+libssh2:// checks the host key only against the known_hosts file of the user"
                      + " running Ringmaster, not against a key pinned by Ringmaster",
                  SAFE_FORM));
      case "ext" ->
          Optional.of(
              new Problem(
                  "qemu+ext:// leaves the host's identity to the external command", SAFE_FORM));
      default -> Optional.empty();
    };
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
