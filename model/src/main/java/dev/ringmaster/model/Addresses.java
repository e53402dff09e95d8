package dev.ringmaster.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Canonical text for IP addresses: dotted quad for IPv4, RFC 5952 compressed form for IPv6. */
public final class Addresses {
  private Addresses() {}

  public static String format(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength && j - i > 1) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      s.append(Integer.toHexString(groups[i]));
      if (i < 7) {
        s.append(':');
      }
    }
    return s.toString();
  }
}
