package dev.ringmaster.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.3.0.0/24}, {@code 2001:db8:3::/64}). The
 * address must be the network address (no host bits set). Immutable and thread-safe.
 */
public record Cidr(InetAddress network, int prefixLength) {
  private static final Pattern V4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final Pattern V6 = Pattern.compile("^[0-9a-fA-F:.]+$");

  public Cidr {
    if (network == null) {
      throw new IllegalArgumentException("network must not be null");
    }
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }
  }

  /** Parses a literal address without any name lookup; empty when it is not an IP literal. */
  public static Optional<InetAddress> parseAddress(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    boolean v4 = V4.matcher(t).matches();
    if (!v4 && !(t.contains(":") && V6.matcher(t).matches())) {
      return Optional.empty();
    }
    if (v4) {
      for (String part : t.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return Optional.empty();
        }
      }
    }
    try {
      return Optional.of(InetAddress.getByName(t));
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Parses {@code address/prefix}; empty when malformed or when host bits are set. */
  public static Optional<Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2 || !parts[1].matches("\\d{1,3}")) {
      return Optional.empty();
    }
    Optional<InetAddress> address = parseAddress(parts[0]);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(parts[1]);
    if (prefix > address.get().getAddress().length * 8) {
      return Optional.empty();
    }
    int hostBits = address.get().getAddress().length * 8 - prefix;
    BigInteger value = toBigInteger(address.get());
    boolean hostBitsSet = !value.shiftRight(hostBits).shiftLeft(hostBits).equals(value);
    return hostBitsSet ? Optional.empty() : Optional.of(new Cidr(address.get(), prefix));
  }

  public boolean isIpv4() {
    return network.getAddress().length == 4;
  }

  /** How many addresses the network spans. */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(network.getAddress().length * 8 - prefixLength);
  }

  public boolean contains(InetAddress address) {
    if (address.getAddress().length != network.getAddress().length) {
      return false;
    }
    BigInteger offset = toBigInteger(address).subtract(toBigInteger(network));
    return offset.signum() >= 0 && offset.compareTo(size()) < 0;
  }

  /** The address {@code offset} places after the network address. */
  public InetAddress host(BigInteger offset) {
    byte[] raw = toBigInteger(network).add(offset).toByteArray();
    int length = network.getAddress().length;
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static BigInteger toBigInteger(InetAddress address) {
    return new BigInteger(1, address.getAddress());
  }

  @Override
  public String toString() {
    return Addresses.format(network) + "/" + prefixLength;
  }
}
