package dev.ringmaster.reconciler.bench;

import dev.ringmaster.driver.libvirt.local.LocalProcesses;
import dev.ringmaster.driver.libvirt.local.PrivateLibvirtd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

  private static final int PARALLEL_STARTS = 4;

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
    List<PrivateLibvirtd> started = Collections.synchronizedList(new ArrayList<>());
    try {
      startAll(hosts, started);
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

  /**
   * Starts {@code count} private libvirtds, {@value #PARALLEL_STARTS} at a time, into {@code
   * started} in start order (the caller closes them, also those started before a failure).
   */
  private static void startAll(int count, List<PrivateLibvirtd> started) throws Exception {
    Progress.say("fleet: starting " + count + " private libvirtds");
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_STARTS);
    try {
      List<Future<PrivateLibvirtd>> futures = new ArrayList<>();
      for (int h = 0; h < count; h++) {
        futures.add(
            pool.submit(
                () -> {
                  PrivateLibvirtd l = PrivateLibvirtd.start();
                  started.add(l);
                  return l;
                }));
      }
      List<PrivateLibvirtd> ordered = new ArrayList<>();
      for (Future<PrivateLibvirtd> f : futures) {
        try {
          ordered.add(f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      synchronized (started) {
        started.clear();
        started.addAll(ordered);
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.MINUTES);
    }
    Progress.say("fleet: " + count + " private libvirtds answer");
  }

  /** The daemon benchmark's result as the figures of the observation benchmark's fleet part. */
  public static WatchBenchmark.Figures fleetFigures(DaemonBenchmark.Result r) {
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("vms", (long) r.vms());
    values.put("environments", (long) r.environments());
    values.put("hypervisors", (long) SyntheticFleet.hosts(r.vms()));
    values.put("webhookMs", r.webhookToConvergedMs());
    values.put("resyncMs", r.resyncMs());
    values.put("resyncCpuMs", r.resyncCpuMs());
    values.put("rssMiB", r.rssMiB());
    return new WatchBenchmark.Figures(values, List.of());
  }
}
