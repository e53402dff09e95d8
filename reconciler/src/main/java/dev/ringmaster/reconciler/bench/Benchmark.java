package dev.ringmaster.reconciler.bench;

import dev.ringmaster.driver.libvirt.LibvirtDriver;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.state.StateStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The benchmark entry point: for each fleet size, generates a synthetic fleet, converges it on
 * libvirt test-driver hypervisors, then measures load+validate, observe, plan, a full no-op pass,
 * driver calls per pass and peak heap. Each size runs in a fresh child JVM so heap peaks do not
 * mix.
 *
 * <p>Usage: {@code ./ringmaster benchmark [--sizes 100,1000,10000]}.
 */
public final class Benchmark {
  private static final int NOOP_PASSES = 5;

  private Benchmark() {}

  /**
   * One measured size; times in milliseconds and driver calls are medians over {@link #NOOP_PASSES}
   * no-op passes (steady state: the libvirt driver's periodic full refresh, every 10th observe of a
   * host, re-reads every object and is not the median). Heap, in MiB: {@code peakHeapMiB} sums each
   * heap pool's peak from before the load to the end, so it adds garbage and maxima reached at
   * different moments (the young generation's in the no-op passes, the old generation's in the
   * converge) and tracks {@code -Xmx} and the collector's timing; {@code liveHeapMiB} is the
   * largest heap in use right after any collection (after a young collection that still counts
   * old-generation garbage); {@code retainedHeapMiB} is the heap in use after a full collection at
   * the end, with the fleet, the state store and the drivers still in use: what the converged fleet
   * keeps.
   */
  public record Result(
      int vms,
      int hypervisors,
      long loadValidateMs,
      long convergeMs,
      long observeMs,
      long planMs,
      long noopPassMs,
      long driverCallsPerPass,
      long peakHeapMiB,
      long liveHeapMiB,
      long retainedHeapMiB) {
    public String row() {
      return String.format(
          "%7d %5d %12d %10d %9d %7d %11d %13d %14d %14d %18d",
          vms,
          hypervisors,
          loadValidateMs,
          convergeMs,
          observeMs,
          planMs,
          noopPassMs,
          driverCallsPerPass,
          peakHeapMiB,
          liveHeapMiB,
          retainedHeapMiB);
    }
  }

  public static final String HEADER =
      "    VMs hosts load+valid ms converge ms observe ms plan ms no-op pass ms calls/pass  peak heap MiB  live heap MiB  retained heap MiB";

  public static Result run(int vms, Path work) throws IOException {
    Path repo = work.resolve("fleet");
    SyntheticFleet.write(repo, vms, work.resolve("hosts-xml"));
    resetPeaks();
    try (LiveHeap live = new LiveHeap()) {
      return run(vms, repo, work, live);
    }
  }

  private static Result run(int vms, Path repo, Path work, LiveHeap live) throws IOException {
    long t0 = System.nanoTime();
    FleetSnapshot snapshot = BenchSupport.load(repo);
    long loadMs = millis(t0);

    try (StateStore store = StateStore.open(work.resolve("state"));
        DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      Reconciler reconciler = new Reconciler(drivers, store, ReconcilerConfig.defaults());
      long t1 = System.nanoTime();
      PlanResult initial = reconciler.plan(snapshot, Set.of());
      ApplyReport report = reconciler.apply(initial, ApplyPolicy.liveOnly(), ApplyListener.NONE);
      long convergeMs = millis(t1);
      if (!report.converged()) {
        throw new IllegalStateException("the synthetic fleet did not converge: " + report);
      }

      List<Long> observe = new ArrayList<>();
      List<Long> plan = new ArrayList<>();
      List<Long> pass = new ArrayList<>();
      List<Long> calls = new ArrayList<>();
      for (int i = 0; i < NOOP_PASSES; i++) {
        long before = calls(drivers, snapshot);
        long[] split = BenchSupport.observeAndPlan(drivers, store, snapshot);
        observe.add(split[0]);
        plan.add(split[1]);
        long t2 = System.nanoTime();
        PlanResult noop = reconciler.plan(snapshot, Set.of());
        if (!noop.plan().isEmpty()) {
          throw new IllegalStateException(
              "a pass after convergence planned changes: " + noop.plan());
        }
        reconciler.apply(noop, ApplyPolicy.liveOnly(), ApplyListener.NONE);
        pass.add(millis(t2));
        calls.add((calls(drivers, snapshot) - before) / 2);
      }
      long peak = peakHeapMiB();
      // a collection with the fleet, the store and the drivers still in use, so the live figure
      // includes the steady state, not only the collections that happened to run during the work
      System.gc();
      long retained =
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
      awaitNotifications();
      Reference.reachabilityFence(snapshot);
      Reference.reachabilityFence(reconciler);
      return new Result(
          SyntheticFleet.actualSize(vms),
          snapshot.fleet().hypervisors().size(),
          loadMs,
          convergeMs,
          median(observe),
          median(plan),
          median(pass),
          median(calls),
          peak,
          live.maxMiB(),
          retained);
    }
  }

  private static void awaitNotifications() {
    try {
      Thread.sleep(500); // GC notifications are delivered on their own thread
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long calls(DriverRegistry drivers, FleetSnapshot snapshot) {
    long sum = 0;
    for (Hypervisor h : snapshot.fleet().hypervisors()) {
      HypervisorDriver d = drivers.driver(h);
      if (d instanceof LibvirtDriver libvirt) {
        sum += libvirt.calls();
      }
    }
    return sum;
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }

  /** One line naming the machine the figures were measured on. */
  public static String machine() {
    return String.format(
        "machine: %d cores, Java %s, %s %s",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  /** The result as one line of numbers, for the parent process. */
  public static String encode(Result r) {
    return String.join(
        " ",
        List.of(
                r.vms(),
                (long) r.hypervisors(),
                r.loadValidateMs(),
                r.convergeMs(),
                r.observeMs(),
                r.planMs(),
                r.noopPassMs(),
                r.driverCallsPerPass(),
                r.peakHeapMiB(),
                r.liveHeapMiB(),
                r.retainedHeapMiB())
            .stream()
            .map(String::valueOf)
            .toList());
  }

  public static Result decode(String line) {
    long[] v = java.util.Arrays.stream(line.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    return new Result(
        (int) v[0], (int) v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
  }

  public static Path tempDir() throws IOException {
    return Files.createTempDirectory("ringmaster-bench-");
  }
}
