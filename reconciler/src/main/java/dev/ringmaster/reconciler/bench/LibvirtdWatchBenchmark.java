package dev.ringmaster.reconciler.bench;

import dev.ringmaster.driver.libvirt.local.LocalProcesses;
import dev.ringmaster.driver.libvirt.local.PrivateLibvirtd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observation benchmark's two parts on real libvirt daemons the benchmark starts itself ({@link
 * PrivateLibvirtd}: private namespaces, a temporary directory, stopped by PID), every VM
 * define-only. One host: {@link WatchBenchmark#oneHost} on one private libvirtd, the bulk read by a
 * plain libvirt client of this process. Fleet: {@link DaemonBenchmark} on one private libvirtd per
 * {@value SyntheticFleet#VMS_PER_HOST} VMs. Besides the figures of the test-driver variant, each
 * part reports the libvirtds' own resident memory ({@code libvirtdRssMiB}, summed), which is not
 * part of the daemon's.
 */
public final class LibvirtdWatchBenchmark {
  /** How the measuring children's progress lines start. */
  public static final String PROGRESS_PREFIX = Progress.PREFIX;

  private LibvirtdWatchBenchmark() {}

  /** The one-host part on a private libvirtd. */
  public static WatchBenchmark.Figures oneHost(int vms, Path work, int changes) throws Exception {
    Progress.say("one host: starting a private libvirtd");
    try (PrivateLibvirtd libvirtd = PrivateLibvirtd.start()) {
      WatchBenchmark.Figures f =
          WatchBenchmark.oneHost(vms, libvirtd.uri(), PrivateLibvirtd.POOL, work, changes, true);
      Map<String, Long> values = new LinkedHashMap<>(f.values());
      values.put("libvirtdRssMiB", LocalProcesses.rssMiB(libvirtd.libvirtdPid()));
      return new WatchBenchmark.Figures(values, f.notes());
    }
  }

  /** The fleet part on one private libvirtd per hypervisor of the synthetic fleet. */
  public static WatchBenchmark.Figures fleet(int vms, Path work) throws Exception {
    int hosts = SyntheticFleet.hosts(vms);
    List<PrivateLibvirtd> started = new ArrayList<>();
    try {
      for (int h = 0; h < hosts; h++) {
        Progress.say("fleet: starting private libvirtd " + (h + 1) + " of " + hosts);
        started.add(PrivateLibvirtd.start());
      }
      FleetTarget target =
          FleetTarget.libvirtd(
              started.stream().map(PrivateLibvirtd::uri).toList(), PrivateLibvirtd.POOL);
      DaemonBenchmark.Result r = DaemonBenchmark.run(vms, work, target);
      long libvirtdRss =
          started.stream().mapToLong(l -> LocalProcesses.rssMiB(l.libvirtdPid())).sum();
      WatchBenchmark.Figures f = fleetFigures(r);
      Map<String, Long> values = new LinkedHashMap<>(f.values());
      values.put("libvirtdRssMiB", libvirtdRss);
      return new WatchBenchmark.Figures(values, f.notes());
    } finally {
      for (PrivateLibvirtd l : started) {
        l.close();
      }
    }
  }

  /** The daemon benchmark's result as the figures of the observation benchmark's fleet part. */
  public static WatchBenchmark.Figures fleetFigures(DaemonBenchmark.Result r) {
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("vms", (long) r.vms());
    values.put("environments", (long) r.environments());
    values.put("hypervisors", (long) SyntheticFleet.hosts(r.vms()));
    values.put("webhookMs", r.webhookToConvergedMs());
    values.put("resyncMs", r.resyncMs());
    values.put("rssMiB", r.rssMiB());
    return new WatchBenchmark.Figures(values, List.of());
  }
}
