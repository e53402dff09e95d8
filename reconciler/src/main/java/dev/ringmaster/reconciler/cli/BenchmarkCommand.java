package dev.ringmaster.reconciler.cli;

import dev.ringmaster.driver.libvirt.local.PrivateLibvirtd;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.bench.Benchmark;
import dev.ringmaster.reconciler.bench.DaemonBenchmark;
import dev.ringmaster.reconciler.bench.DaemonJvm;
import dev.ringmaster.reconciler.bench.LibvirtdWatchBenchmark;
import dev.ringmaster.reconciler.bench.WatchBenchmark;
import dev.ringmaster.reconciler.bench.WatchReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringmaster benchmark}: measures load+validate, observe, plan, a full no-op pass, driver
 * calls per pass and peak heap on synthetic fleets. Each size runs in a fresh child JVM with the
 * given heap limit, so one size's garbage never counts against another.
 */
@Command(
    name = "benchmark",
    description = "Measure plan and no-op pass speed on synthetic fleets (test-driver hypervisors)")
final class BenchmarkCommand implements Callable<Integer> {
  private static final List<Integer> DEFAULT_SIZES = List.of(100, 1000, 10000);

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "100,1000,10000",
      description = "fleet sizes in VMs (default: ${DEFAULT-VALUE})")
  List<Integer> sizes;

  @Option(
      names = "--max-heap",
      description =
          "-Xmx of each measuring JVM (default: 1g; with --daemon and --watch the daemon's"
              + " own JVM options, the ones `ringmaster serve` starts with)")
  String maxHeap;

  @Option(
      names = "--daemon",
      description =
          "Measure the daemon instead: webhook to converged for a one-VM change, and resident"
              + " memory (default sizes for this: 1000)")
  boolean daemon;

  @Option(
      names = "--watch",
      description =
          "Measure observation instead: bulk read of one host, daemon restart, hand-made change"
              + " to drift, full resync and RSS, webhook to converged; --sizes ONE_HOST,FLEET"
              + " (default for this: 1000,10000); prints a Markdown table")
  boolean watch;

  @Option(
      names = "--libvirtd",
      description =
          "With --watch: on real libvirt daemons the benchmark starts itself (private namespaces,"
              + " define-only VMs; one per 500 VMs of the fleet part) instead of the test driver;"
              + " needs root and libvirt-daemon-system, libvirt-daemon-driver-qemu,"
              + " qemu-system-x86")
  boolean libvirtd;

  @Option(names = "--child", hidden = true)
  Integer child;

  @Option(names = "--watch-part", hidden = true)
  String watchPart;

  @Override
  public Integer call() throws Exception {
    if (watch) {
      return watch();
    }
    if (libvirtd) {
      throw new RingmasterException("--libvirtd goes with --watch");
    }
    if (child != null && daemon) {
      DaemonBenchmark.Result r = DaemonBenchmark.run(child, Benchmark.tempDir());
      System.out.println("RESULT " + r.line());
      return RingmasterCli.OK;
    }
    if (daemon) {
      System.out.println(Benchmark.machine() + "; each size in a fresh JVM with " + jvm());
      for (int size : sizes.equals(DEFAULT_SIZES) ? List.of(1000) : sizes) {
        System.out.println("daemon: " + runChild(size));
      }
      return RingmasterCli.OK;
    }
    if (child != null) {
      Path work = Benchmark.tempDir();
      System.out.println("RESULT " + Benchmark.encode(Benchmark.run(child, work)));
      return RingmasterCli.OK;
    }
    System.out.println(Benchmark.machine() + "; each size in a fresh JVM with " + jvm());
    System.out.println(Benchmark.HEADER);
    for (int size : sizes) {
      System.out.println(Benchmark.decode(runChild(size)).row());
    }
    return RingmasterCli.OK;
  }

  private Integer watch() throws Exception {
    if (child != null) {
      Path work = Benchmark.tempDir();
      WatchBenchmark.Figures f =
          switch (watchPart) {
            case "host" ->
                libvirtd
                    ? LibvirtdWatchBenchmark.oneHost(child, work, 9)
                    : WatchBenchmark.oneHost(child, "test:///default", "default-pool", work, 9);
            default ->
                libvirtd
                    ? LibvirtdWatchBenchmark.fleet(child, work)
                    : LibvirtdWatchBenchmark.fleetFigures(DaemonBenchmark.run(child, work));
          };
      System.out.println("RESULT " + f.encode());
      return RingmasterCli.OK;
    }
    List<Integer> watchSizes = sizes.equals(DEFAULT_SIZES) ? List.of(1000, 10000) : sizes;
    if (watchSizes.size() != 2) {
      throw new RingmasterException(
          "--watch takes --sizes ONE_HOST,FLEET (two sizes), not " + sizes);
    }
    if (libvirtd) {
      PrivateLibvirtd.checkPrerequisites();
    }
    String before = WatchReport.load();
    var host = WatchBenchmark.Figures.decode(runChild(watchSizes.get(0), "host")).values();
    var fleet = WatchBenchmark.Figures.decode(runChild(watchSizes.get(1), "daemon")).values();
    System.out.print(
        WatchReport.table(
            host,
            fleet,
            Benchmark.machine()
                + "; each part in a fresh JVM with "
                + jvm()
                + (libvirtd
                    ? "; on private libvirtds started by the benchmark (define-only VMs)"
                    : "; one-host part on test:///default")
                + "; load average (1, 5, 15 min) before: "
                + before
                + ", after: "
                + WatchReport.load()));
    return RingmasterCli.OK;
  }

  /**
   * The measuring JVM's options: the daemon's own (as {@code ringmaster serve} starts it) when
   * measuring the daemon, else a 1 GiB heap limit; {@code --max-heap} replaces the limit.
   */
  private List<String> jvmOptions() {
    List<String> options = new ArrayList<>(daemon || watch ? DaemonJvm.options() : List.of());
    if (maxHeap != null || !(daemon || watch)) {
      options.add("-Xmx" + (maxHeap == null ? "1g" : maxHeap));
    }
    return options;
  }

  private String jvm() {
    return String.join(" ", jvmOptions());
  }

  private String runChild(int size) throws IOException, InterruptedException {
    return runChild(size, null);
  }

  private String runChild(int size, String part) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RingmasterCli.class.getName());
    command.add("benchmark");
    if (daemon) {
      command.add("--daemon");
    }
    if (part != null) {
      command.add("--watch");
      command.add("--watch-part");
      command.add(part);
      if (libvirtd) {
        command.add("--libvirtd");
      }
    }
    command.add("--child");
    command.add(Integer.toString(size));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    List<String> output = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("RESULT ")) {
          result = line.substring("RESULT ".length());
        } else if (line.startsWith(LibvirtdWatchBenchmark.PROGRESS_PREFIX)) {
          System.err.println(line);
        } else {
          output.add(line);
        }
      }
    }
    if (process.waitFor() != 0 || result == null) {
      throw new RingmasterException(
          "benchmark of " + size + " VMs failed:\n" + String.join("\n", output));
    }
    return result;
  }
}
