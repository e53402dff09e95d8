package dev.ringmaster.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values the platform rules derive from a spec: swap and tmp sizes, MAC addresses, interface
 * addresses, VM numbers, service user uids, and the deterministic UUIDs of libvirt objects. Pure
 * functions; the same input always gives the same output on every machine.
 */
public final class Derived {
  /** The first host number handed to VMs; lower ones are left for gateways and infrastructure. */
  public static final int FIRST_VM_HOST = 10;

  /** Service user uids are derived into [SERVICE_UID_BASE, SERVICE_UID_BASE + SERVICE_UID_SPAN). */
  public static final int SERVICE_UID_BASE = 60000;

  public static final int SERVICE_UID_SPAN = 5000;

  private static final Size MIN_SWAP = Size.gib(1);
  private static final Size MIN_TMP = Size.gib(5);
  private static final Pattern VM_NAME = Pattern.compile("^([a-z][a-z0-9]*?)(\\d{2})$");

  private Derived() {}

  /** Swap ({@code vdb}): as written, else half the memory, at least 1 GiB, whole MiB. */
  public static Size swap(VmSpec vm) {
    if (vm.swap() != null) {
      return vm.swap();
    }
    return roundUpToMib(vm.memory().bytes() / 2).max(MIN_SWAP);
  }

  /** Tmp ({@code vdc}): as written, else 10 % of the root disk, at least 5 GiB, whole MiB. */
  public static Size tmp(VmSpec vm) {
    if (vm.tmp() != null) {
      return vm.tmp();
    }
    return roundUpToMib(vm.disk().bytes() / 10).max(MIN_TMP);
  }

  private static Size roundUpToMib(long bytes) {
    return new Size((bytes + Size.MIB - 1) / Size.MIB * Size.MIB);
  }

  /** The number at the end of a VM name ({@code myapp07} gives 7); empty when it has none. */
  public static OptionalInt vmNumber(String vmName) {
    Matcher m = VM_NAME.matcher(vmName);
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
  }

  /** The resource group a VM name belongs to ({@code myapp07} gives {@code myapp}). */
  public static Optional<String> resourceGroupOf(String vmName) {
    Matcher m = VM_NAME.matcher(vmName);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The MAC address of a VM's interface on a VLAN: the locally administered, unicast prefix {@code
   * 02} followed by five bytes of SHA-256 over {@code "<vm>/<vlan>"}.
   */
  public static String mac(String vmName, int vlan) {
    byte[] digest = sha256(vmName + "/" + vlan);
    HexFormat hex = HexFormat.of();
    StringBuilder s = new StringBuilder(17).append("02");
    for (int i = 0; i < 5; i++) {
      s.append(':').append(hex.toHexDigits(digest[i]));
    }
    return s.toString();
  }

  /**
   * A VM's address in a subnet: as written in {@code explicit} when given, else the subnet's
   * address number {@code FIRST_VM_HOST + vm number}. Empty when the subnet is null or the VM has
   * no number.
   */
  public static Optional<String> address(String vmName, Cidr subnet, String explicit) {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    if (subnet == null) {
      return Optional.empty();
    }
    OptionalInt n = vmNumber(vmName);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    InetAddress a = subnet.host(BigInteger.valueOf(FIRST_VM_HOST + n.getAsInt()));
    return Optional.of(Addresses.format(a));
  }

  /** The IPv4 address of a VM on one of its environment's networks, derived or written. */
  public static Optional<String> ipv4(Environment env, VmSpec vm, NetworkKind kind) {
    NetworkSpec net = env.networks().get(kind);
    InterfaceAddresses given = vm.addresses().get(kind);
    return address(vm.name(), net == null ? null : net.ipv4(), given == null ? null : given.ipv4());
  }

  /** The IPv6 address of a VM on one of its environment's networks, derived or written. */
  public static Optional<String> ipv6(Environment env, VmSpec vm, NetworkKind kind) {
    NetworkSpec net = env.networks().get(kind);
    InterfaceAddresses given = vm.addresses().get(kind);
    return address(vm.name(), net == null ? null : net.ipv6(), given == null ? null : given.ipv6());
  }

  /** The gateway of a subnet: its first host address ({@code .1}, {@code ::1}). */
  public static String gateway(Cidr subnet) {
    return Addresses.format(subnet.host(BigInteger.ONE));
  }

  /** A service user's uid: as written, else derived from the name alone (same in every env). */
  public static int serviceUid(ServiceUserSpec user) {
    if (user.uid() != null) {
      return user.uid();
    }
    byte[] d = sha256("service-user/" + user.name());
    int n = ((d[0] & 0xff) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff);
    return SERVICE_UID_BASE + n % SERVICE_UID_SPAN;
  }

  /** The UUID of a libvirt object, from its kind and name (name-based, version 3). */
  public static UUID uuid(String kind, String name) {
    return UUID.nameUUIDFromBytes(
        ("ringmaster:" + kind + ":" + name).getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex SHA-256 of a text. */
  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
