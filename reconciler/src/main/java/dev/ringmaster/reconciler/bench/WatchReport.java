package dev.ringmaster.reconciler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The observation benchmark's figures as a ready-to-paste Markdown table. */
public final class WatchReport {
  private WatchReport() {}

  /** The 1-, 5- and 15-minute load averages, as {@code /proc/loadavg} says. */
  public static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * {@code host}: {@link WatchBenchmark#oneHost}; {@code fleet}: {@link DaemonBenchmark}'s figures
   * ({@code vms}, {@code environments}, {@code hypervisors}, {@code webhookMs}, {@code resyncMs},
   * {@code rssMiB}); {@code machine}: cores, Java, load before and after.
   */
  public static String table(Map<String, Long> host, Map<String, Long> fleet, String machine) {
    long bulk = Math.max(1, host.get("bulkReadMs"));
    long hostVms = host.get("vms");
    StringBuilder s = new StringBuilder();
    s.append("| figure | measured | target | ratio to bulk read | met |\n");
    s.append("| --- | ---: | ---: | ---: | --- |\n");
    s.append(
        row(
            String.format(
                "raw bulk read of one host, %,d VMs (%,d objects: domain XML, volume infos, pools,"
                    + " networks; median of 3)",
                hostVms, host.get("bulkObjects")),
            ms(bulk),
            "the floor",
            "1.0",
            ""));
    long startup = host.get("startupMs");
    long restart = host.get("restartAllPassedMs");
    long restartTarget = 2 * (startup + bulk);
    s.append(
        row(
            String.format(
                "daemon restart on the converged host → all %,d environments passed once"
                    + " (startup to first fetch: %s)",
                host.get("environments"), ms(startup)),
            ms(restart),
            "≤ 2 × (startup + bulk read) = " + ms(restartTarget),
            ratio(restart, bulk),
            met(restart <= restartTarget)));
    long missed = host.get("driftMissed");
    long median = host.get("driftMedianMs");
    s.append(
        row(
            String.format(
                "hand-made change by a foreign client → drift in the drift view and the"
                    + " environment's pass started (median of %d; max %s; %d not seen within %d s)",
                host.get("driftChanges"),
                ms(host.get("driftMaxMs")),
                missed,
                WatchBenchmark.DRIFT_LIMIT.toSeconds()),
            median < 0 ? "not seen" : ms(median),
            "< 1 s",
            median < 0 ? "–" : ratio(median, bulk),
            met(median >= 0 && median < 1000 && missed == 0)));
    long fleetVms = fleet.get("vms");
    double scaled = (double) bulk * fleetVms / hostVms;
    long resync = fleet.get("resyncMs");
    s.append(
        row(
            String.format(
                    "full resync, %,d VMs on %d hypervisor%s, %,d environments → every environment"
                        + " passed once",
                    fleetVms,
                    fleet.get("hypervisors"),
                    fleet.get("hypervisors") == 1 ? "" : "s",
                    fleet.get("environments"))
                + (fleet.containsKey("resyncCpuMs")
                    ? String.format(
                        " (the daemon process's CPU time meanwhile: %s)",
                        ms(fleet.get("resyncCpuMs")))
                    : ""),
            ms(resync),
            "< 2 s",
            ratio(resync, scaled) + " (to the bulk read × " + (fleetVms / hostVms) + ")",
            met(resync < 2000)));
    long rss = fleet.get("rssMiB");
    s.append(
        row(
            String.format("resident memory after that resync (process), %,d VMs", fleetVms)
                + (fleet.containsKey("libvirtdRssMiB")
                    ? String.format(
                        " (the daemon's own process; %s beside it: %,d MiB)",
                        fleet.get("hypervisors") == 1
                            ? "the libvirtd"
                            : "the " + fleet.get("hypervisors") + " libvirtds",
                        fleet.get("libvirtdRssMiB"))
                    : ""),
            String.format("%,d MiB", rss),
            "< 512 MiB",
            "–",
            met(rss < 512)));
    long webhook = fleet.get("webhookMs");
    s.append(
        row(
            String.format("webhook → one-VM change converged, %,d VMs", fleetVms),
            ms(webhook),
            "< 1 s",
            ratio(webhook, scaled) + " (to the bulk read × " + (fleetVms / hostVms) + ")",
            met(webhook < 1000)));
    s.append("\n").append(machine).append('\n');
    return s.toString();
  }

  private static String row(String figure, String measured, String target, String r, String m) {
    return "| " + figure + " | " + measured + " | " + target + " | " + r + " | " + m + " |\n";
  }

  private static String ms(long millis) {
    return millis < 0 ? "–" : String.format("%,d ms", millis);
  }

  private static String ratio(long value, double bulk) {
    return String.format("%.1f", value / Math.max(1.0, bulk));
  }

  private static String met(boolean met) {
    return met ? "yes" : "**no**";
  }
}
