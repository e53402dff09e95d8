package dev.ringmaster.model.load;

import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.SshEndpoint;
import dev.ringmaster.model.validate.Names;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** Readers for values that appear in more than one kind of document. */
final class CommonReader {
  static final String NAME_RULE =
      "write lower case letters, digits and dashes, starting with a"
          + " letter, such as myapp-staging";

  private static final List<String> SSH_KEYS = List.of("host", "port", "user");

  private CommonReader() {}

  /** {@code ssh: {host, port, user}}; null when absent. */
  static SshEndpoint ssh(Fields parent) {
    Fields f = parent.mapping("ssh", SSH_KEYS, false);
    if (f == null) {
      return null;
    }
    String host = f.text("host", false);
    Integer port = f.integer("port", false, 1, 65535, "a TCP port such as 22");
    String user = f.name("user", Names.POSIX_USER, "write a POSIX user name such as root", false);
    return new SshEndpoint(host, port, user);
  }

  /** A network in CIDR notation of the given family; null when absent or wrong (reported). */
  static Cidr cidr(Fields f, String key, boolean ipv4) {
    String text = f.text(key, false);
    if (text == null) {
      return null;
    }
    String example = ipv4 ? "10.3.0.0/24" : "2001:db8:3::/64";
    Optional<Cidr> parsed = Cidr.parse(text);
    if (parsed.isPresent() && parsed.get().isIpv4() == ipv4) {
      return parsed.get();
    }
    String hint =
        hostBitsFix(text).map(s -> "write " + s).orElse("write a network such as " + example);
    f.doc()
        .error(
            f.value(key),
            f.at(key),
            Names.quote(text)
                + " is not an "
                + (ipv4 ? "IPv4" : "IPv6")
                + " network in CIDR notation",
            hint);
    return null;
  }

  private static Optional<String> hostBitsFix(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 2 || !parts[1].matches("\\d{1,3}")) {
      return Optional.empty();
    }
    Optional<InetAddress> address = Cidr.parseAddress(parts[0]);
    int prefix = Integer.parseInt(parts[1]);
    if (address.isEmpty() || prefix > address.get().getAddress().length * 8) {
      return Optional.empty();
    }
    int bits = address.get().getAddress().length * 8;
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE.shiftLeft(bits - prefix));
    BigInteger net = new BigInteger(1, address.get().getAddress()).and(mask);
    InetAddress base = new Cidr(zeroAddress(bits / 8), 0).host(net);
    return Optional.of(new Cidr(base, prefix).toString());
  }

  private static InetAddress zeroAddress(int length) {
    try {
      return InetAddress.getByAddress(new byte[length]);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An IP address literal of the given family; null when absent or wrong (reported). */
  static String address(Fields f, String key, boolean ipv4) {
    String text = f.text(key, false);
    if (text == null) {
      return null;
    }
    Optional<InetAddress> a = Cidr.parseAddress(text);
    if (a.isPresent() && (a.get().getAddress().length == 4) == ipv4) {
      return text;
    }
    f.doc()
        .error(
            f.value(key),
            f.at(key),
            Names.quote(text) + " is not an " + (ipv4 ? "IPv4" : "IPv6") + " address",
            "write an address such as " + (ipv4 ? "10.3.0.20" : "2001:db8:3::20"));
    return null;
  }
}
