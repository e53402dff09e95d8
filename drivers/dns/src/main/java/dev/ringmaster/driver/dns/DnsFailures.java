package dev.ringmaster.driver.dns;

import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.DriverException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.xbill.DNS.Rcode;

/**
 * Turns what the DNS server or the network answered into {@link DriverException}s: an unreachable
 * server or a timeout is retryable; an authentication failure or a refusal is terminal. Messages
 * name the server, zone and key, never the secret.
 */
final class DnsFailures {
  private DnsFailures() {}

  static DriverException io(DnsZoneTarget t, String what, IOException e) {
    String why =
        e instanceof ConnectException
            ? "connection refused"
            : e instanceof SocketTimeoutException
                    || e.getClass().getSimpleName().contains("Timeout")
                ? "timed out"
                : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (isTsigFailure(e.getMessage())) {
      return tsig(t, what, e.getMessage());
    }
    return DriverException.transientFailure(
        "DNS server " + where(t) + " unreachable while " + what + " zone " + t.zone() + ": " + why,
        null);
  }

  static DriverException rcode(DnsZoneTarget t, String what, int rcode, int tsigError) {
    String name = Rcode.string(rcode);
    if (rcode == Rcode.NOTAUTH || tsigError != Rcode.NOERROR) {
      return tsig(
          t, what, name + (tsigError != Rcode.NOERROR ? " " + Rcode.TSIGstring(tsigError) : ""));
    }
    if (rcode == Rcode.SERVFAIL) {
      return DriverException.transientFailure(
          "DNS server " + where(t) + " answered SERVFAIL while " + what + " zone " + t.zone(),
          null);
    }
    return DriverException.terminal(
        "DNS server "
            + where(t)
            + " refused "
            + what
            + " zone "
            + t.zone()
            + ": "
            + name
            + (rcode == Rcode.REFUSED
                ? " (does its zone config allow this key to update and transfer the zone?)"
                : ""),
        null);
  }

  static DriverException tsig(DnsZoneTarget t, String what, String detail) {
    return DriverException.terminal(
        "TSIG authentication failed while "
            + what
            + " zone "
            + t.zone()
            + " on "
            + where(t)
            + " with key "
            + t.keyName()
            + " ("
            + t.algorithm()
            + ", secret from "
            + t.secretSource()
            + "): "
            + detail
            + "; check the key name, algorithm and secret (a terminal error: an apply does not retry"
            + " it)",
        null);
  }

  static boolean isTsigFailure(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toUpperCase(java.util.Locale.ROOT);
    return m.contains("NOTAUTH")
        || m.contains("BADSIG")
        || m.contains("BADKEY")
        || m.contains("BADTIME")
        || m.contains("TSIG");
  }

  static String where(DnsZoneTarget t) {
    return t.address(System.getenv()).map(Object::toString).orElse(t.serverSource());
  }
}
