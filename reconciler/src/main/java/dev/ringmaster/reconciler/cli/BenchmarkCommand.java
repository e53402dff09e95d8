package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.bench.Benchmark;
import dev.ringmaster.reconciler.bench.DaemonBenchmark;
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
      defaultValue = "1g",
      description = "-Xmx of each measuring JVM (default: ${DEFAULT-VALUE})")
  String maxHeap;

  @Option(
      names = "--daemon",
      description =
          "Measure the daemon instead: webhook to converged for a one-VM change, and resident"
              + " memory (default sizes for this: 1000)")
  boolean daemon;

  @Option(names = "--child", hidden = true)
  Integer child;

  @Override
  public Integer call() throws Exception {
    if (child != null && daemon) {
      DaemonBenchmark.Result r = DaemonBenchmark.run(child, Benchmark.tempDir());
      System.out.println("RESULT " + r.line());
      return RingmasterCli.OK;
    }
    if (daemon) {
      System.out.println(Benchmark.machine() + "; each size in a fresh JVM with -Xmx" + maxHeap);
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
    System.out.println(Benchmark.machine() + "; each size in a fresh JVM with -Xmx" + maxHeap);
    System.out.println(Benchmark.HEADER);
    for (int size : sizes) {
      System.out.println(Benchmark.decode(runChild(size)).row());
    }
    return RingmasterCli.OK;
  }

  private String runChild(int size) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RingmasterCli.class.getName());
    command.add("benchmark");
    if (daemon) {
      command.add("--daemon");
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
