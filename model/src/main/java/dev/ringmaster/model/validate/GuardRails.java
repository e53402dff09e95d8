package dev.ringmaster.model.validate;

import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import java.time.Duration;
import java.util.List;

/**
 * The platform guide's guard rails: swap at least 1 GiB and {@code /tmp} at least 5 GiB (also when
 * written explicitly), a maintenance window of at least one hour, a lead time of at most seven days
 * (under 12 hours a warning on production environments), IPv6 on every network, and a private (RFC
 * 1918) IPv4 network on {@code srv}. IPv4 on {@code fe} is optional.
 */
final class GuardRails {
  static final Size MIN_SWAP = Size.gib(1);
  static final Size MIN_TMP = Size.gib(5);
  static final Duration MIN_WINDOW = Duration.ofHours(1);
  static final Duration MAX_LEAD = Duration.ofDays(7);
  static final Duration PRODUCTION_LEAD = Duration.ofHours(12);

  private static final List<Cidr> RFC1918 =
      List.of(
          Cidr.parse("10.0.0.0/8").orElseThrow(),
          Cidr.parse("172.16.0.0/12").orElseThrow(),
          Cidr.parse("192.168.0.0/16").orElseThrow());

  private final Fleet fleet;
  private final Report report;

  GuardRails(Fleet fleet, Report report) {
    this.fleet = fleet;
    this.report = report;
  }

  void check() {
    for (Environment env : fleet.environments()) {
      List<VmSpec> vms = env.vms();
      for (int i = 0; i < vms.size(); i++) {
        minimum(env, "vms[" + i + "].swap", "swap", vms.get(i).swap(), MIN_SWAP);
        minimum(env, "vms[" + i + "].tmp", "tmp", vms.get(i).tmp(), MIN_TMP);
      }
      if (env.maintenance() != null) {
        maintenance(env, env.maintenance());
      }
      networks(env);
    }
  }

  private void minimum(Environment env, String path, String key, Size size, Size min) {
    if (size != null && !size.isZero() && size.compareTo(min) < 0) {
      report.error(
          env.source(),
          path,
          key + " " + size + " is less than the platform's minimum of " + min,
          "write at least " + min + " or leave " + key + " out for the default");
    }
  }

  /** The length of a daily window, which may cross midnight; zero when start equals end. */
  static Duration length(Maintenance m) {
    Duration d = Duration.between(m.start(), m.end());
    return d.isNegative() ? d.plusDays(1) : d;
  }

  private void maintenance(Environment env, Maintenance m) {
    Duration window = length(m);
    if (window.compareTo(MIN_WINDOW) < 0) {
      report.error(
          env.source(),
          "maintenance.window",
          "maintenance window " + m.window() + " lasts " + minutes(window) + ", less than one hour",
          "give reboots at least one hour, such as 22:00-05:00");
    }
    Duration lead = m.leadTime();
    if (lead.compareTo(MAX_LEAD) > 0) {
      report.error(
          env.source(),
          "maintenance.leadTime",
          "lead time " + minutes(lead) + " is more than seven days",
          "announce reboots at most 7d ahead, such as 12h");
    } else if (env.production() && lead.compareTo(PRODUCTION_LEAD) < 0) {
      report.warning(
          env.source(),
          "maintenance.leadTime",
          "lead time " + minutes(lead) + " on a production environment is less than 12 hours",
          "the platform announces reboots at least 12h ahead; write leadTime: 12h or more");
    }
  }

  private void networks(Environment env) {
    for (NetworkKind kind : NetworkKind.values()) {
      NetworkSpec net = env.networks().get(kind);
      if (net == null) {
        continue;
      }
      String path = "networks." + kind.key();
      if (net.ipv6() == null) {
        report.error(
            env.source(),
            path,
            "the " + kind.key() + " network has no ipv6 subnet",
            "every network carries public IPv6; add ipv6: such as \"2001:db8:1::/64\"");
      }
      if (kind == NetworkKind.SRV) {
        if (net.ipv4() == null) {
          report.error(
              env.source(),
              path,
              "the srv network has no ipv4 subnet",
              "add a private ipv4 network such as 10.3.0.0/24");
        } else if (!isPrivate(net.ipv4())) {
          report.error(
              env.source(),
              path + ".ipv4",
              "srv network " + net.ipv4() + " is not a private (RFC 1918) IPv4 network",
              "use a network inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
        }
      }
    }
  }

  static boolean isPrivate(Cidr net) {
    return net.isIpv4()
        && RFC1918.stream()
            .anyMatch(p -> p.prefixLength() <= net.prefixLength() && p.contains(net.network()));
  }

  private static String minutes(Duration d) {
    long m = d.toMinutes();
    if (m % (24 * 60) == 0 && m > 0) {
      return m / (24 * 60) + "d";
    }
    if (m % 60 == 0 && m > 0) {
      return m / 60 + "h";
    }
    return m + "m";
  }
}
