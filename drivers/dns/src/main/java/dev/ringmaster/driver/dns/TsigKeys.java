package dev.ringmaster.driver.dns;

import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.DriverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * Builds the TSIG key of a zone target from its secret, read at the moment of use from the file or
 * environment variable the target names. The file may be a BIND key file as {@code tsig-keygen}
 * writes it ({@code key "name" { algorithm ...; secret "..."; };}) or the base64 secret alone.
 * Every failure is terminal and names where the secret was looked for, never the secret or the
 * file's content. Thread-safe.
 */
final class TsigKeys {
  private static final Pattern BIND_SECRET = Pattern.compile("secret\\s+\"([^\"]*)\"\\s*;");
  private static final long MAX_FILE_BYTES = 64 * 1024;
  private static final Map<String, Name> ALGORITHMS =
      Map.of(
          "hmac-sha1", TSIG.HMAC_SHA1,
          "hmac-sha224", TSIG.HMAC_SHA224,
          "hmac-sha256", TSIG.HMAC_SHA256,
          "hmac-sha384", TSIG.HMAC_SHA384,
          "hmac-sha512", TSIG.HMAC_SHA512);

  private final Function<String, String> environment;

  TsigKeys(Function<String, String> environment) {
    this.environment = environment;
  }

  TSIG keyFor(DnsZoneTarget target) {
    Name algorithm = ALGORITHMS.get(target.algorithm());
    if (algorithm == null) {
      throw DriverException.terminal(
          "unknown TSIG algorithm "
              + target.algorithm()
              + "; use one of "
              + String.join(", ", List.copyOf(new java.util.TreeSet<>(ALGORITHMS.keySet()))),
          null);
    }
    byte[] secret =
        decode(target, target.secretFile() != null ? fromFile(target) : fromEnv(target));
    try {
      return new TSIG(algorithm, Name.fromString(target.keyName(), Name.root), secret);
    } catch (TextParseException e) {
      throw DriverException.terminal(
          "TSIG key name " + target.keyName() + " is not a DNS name", null);
    }
  }

  private String fromFile(DnsZoneTarget target) {
    Path file = Path.of(target.secretFile());
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw DriverException.terminal(
            "the TSIG key file " + file + " is larger than " + MAX_FILE_BYTES + " bytes", null);
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw DriverException.terminal(
          "cannot read the TSIG secret of key "
              + target.keyName()
              + " from "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          null);
    }
    Matcher m = BIND_SECRET.matcher(text);
    return m.find() ? m.group(1) : text.strip();
  }

  private String fromEnv(DnsZoneTarget target) {
    String value = environment.apply(target.secretEnv());
    if (value == null || value.isBlank()) {
      throw DriverException.terminal(
          "the TSIG secret of key "
              + target.keyName()
              + " is missing: environment variable "
              + target.secretEnv()
              + " is not set",
          null);
    }
    return value.strip();
  }

  private static byte[] decode(DnsZoneTarget target, String base64) {
    try {
      byte[] bytes = Base64.getDecoder().decode(base64);
      if (bytes.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw DriverException.terminal(
          "the TSIG secret of key "
              + target.keyName()
              + " in "
              + target.secretSource()
              + " is not base64 (write the secret as tsig-keygen prints it)",
          null);
    }
  }
}
