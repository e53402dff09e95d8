package dev.ringmaster.model.load;

import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.validate.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a {@code kind: DnsZone} document. */
final class DnsZoneReader {
  static final List<String> KEYS =
      List.of(
          "apiVersion",
          "kind",
          "name",
          "location",
          "server",
          "reverseZones",
          "tsig",
          "ttl",
          "owner");

  static final List<String> ALGORITHMS =
      List.of("hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha224", "hmac-sha1");

  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)*"
              + "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$");
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.:-]{0,252})$");
  private static final Pattern ENV_VAR = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
  private static final Pattern OWNER = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
  private static final String ZONE_RULE =
      "write a DNS zone name in lower case without the trailing dot, such as whq.example.net";

  private DnsZoneReader() {}

  static DnsZone read(Fields f) {
    String name = zoneName(f, "name", true);
    String location = f.name("location", Names.NAME, CommonReader.NAME_RULE, false);
    Fields server = f.mapping("server", List.of("address", "addressEnv", "port"), true);
    String address = null;
    String addressEnv = null;
    Integer port = null;
    if (server != null) {
      address = server.name("address", HOST, "write an IP address or host name", false);
      addressEnv = server.name("addressEnv", ENV_VAR, "write an environment variable name", false);
      port = server.integer("port", false, 1, 65535, "a port such as 53");
      if ((address == null) == (addressEnv == null)) {
        server
            .doc()
            .error(
                server.node(),
                server.path(),
                "give exactly one of address and addressEnv",
                "write address: 192.0.2.53 or addressEnv: RINGMASTER_DNS_SERVER");
      }
    }
    List<String> reverse = reverseZones(f);
    DnsZone.Tsig tsig = tsig(f);
    Integer ttl = f.integer("ttl", false, 1, 86_400, "a TTL in seconds such as 300");
    String owner =
        f.name(
            "owner",
            OWNER,
            "write lower case letters, digits, dots, dashes, such as ringmaster-whq",
            false);
    return new DnsZone(
        name,
        location,
        address,
        addressEnv,
        port == null ? 53 : port,
        reverse,
        tsig,
        ttl == null ? DnsZone.DEFAULT_TTL : ttl,
        owner,
        f.doc().sourceMap());
  }

  private static String zoneName(Fields f, String key, boolean required) {
    String text = f.text(key, required);
    return text == null ? null : checkedZone(f, f.value(key), f.at(key), text);
  }

  private static String checkedZone(Fields f, Node node, String at, String text) {
    String zone = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    if (!DNS_NAME.matcher(zone).matches() || !zone.equals(zone.toLowerCase(Locale.ROOT))) {
      f.doc().error(node, at, Names.quote(text) + " is not a DNS zone name", ZONE_RULE);
    }
    return zone;
  }

  private static List<String> reverseZones(Fields f) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Node> item : f.items("reverseZones")) {
      String text = f.scalar(item.getValue(), item.getKey());
      if (text == null) {
        continue;
      }
      String zone = checkedZone(f, item.getValue(), item.getKey(), text);
      if (!zone.endsWith(".in-addr.arpa") && !zone.endsWith(".ip6.arpa")) {
        f.doc()
            .error(
                item.getValue(),
                item.getKey(),
                Names.quote(text) + " is not a reverse zone",
                "write a zone under in-addr.arpa or ip6.arpa, such as 3.0.10.in-addr.arpa");
      }
      out.add(zone);
    }
    return out;
  }

  private static DnsZone.Tsig tsig(Fields f) {
    Fields t =
        f.mapping("tsig", List.of("name", "algorithm", "secretFile", "secretEnv", "secret"), true);
    if (t == null) {
      return null;
    }
    if (t.has("secret")) {
      t.doc()
          .error(
              t.value("secret"),
              t.at("secret"),
              "the TSIG secret must not be written in the fleet repository",
              "remove it and write secretFile: /path/to/key or secretEnv: VARIABLE");
    }
    String keyName = zoneName(t, "name", true);
    String algorithm = t.choice("algorithm", ALGORITHMS, "hmac-sha256");
    String file = t.text("secretFile", false);
    String env = t.name("secretEnv", ENV_VAR, "write an environment variable name", false);
    if (file != null && !file.startsWith("/")) {
      t.doc()
          .error(
              t.value("secretFile"),
              t.at("secretFile"),
              Names.quote(file) + " is not an absolute path",
              "write the absolute path of the key file on the machine that runs Ringmaster");
    }
    if ((file == null) == (env == null)) {
      t.doc()
          .error(
              t.node(),
              t.path(),
              "give exactly one of secretFile and secretEnv",
              "write secretFile: /etc/ringmaster/dns.key or secretEnv: RINGMASTER_DNS_SECRET");
    }
    return new DnsZone.Tsig(keyName, algorithm, file, env);
  }
}
