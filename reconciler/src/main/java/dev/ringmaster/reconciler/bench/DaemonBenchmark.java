package dev.ringmaster.reconciler.bench;

import dev.ringmaster.reconciler.daemon.loop.Backoff;
import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.DaemonSettings;
import dev.ringmaster.reconciler.daemon.loop.EngineWiring;
import dev.ringmaster.reconciler.daemon.loop.EnvironmentState;
import dev.ringmaster.reconciler.daemon.loop.PassResult;
import dev.ringmaster.reconciler.daemon.loop.RingmasterMetrics;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.RepoSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.URIish;

/**
 * The daemon benchmark: a synthetic fleet in a bare Git repository on libvirt test-driver
 * hypervisors, converged by the daemon core with the real engine; then one VM is added to one
 * environment, and the time from the webhook's fetch request to that environment converged is
 * measured, with the process's resident memory. Usage: {@code DaemonBenchmark [VMs] [work dir]}.
 */
public final class DaemonBenchmark {
  private static final long MIB = 1024 * 1024;
  private static final Duration LIMIT = Duration.ofHours(1);

  private DaemonBenchmark() {}

  /** What one run measured. */
  public record Result(
      int vms,
      int environments,
      long initialConvergeMs,
      long webhookToConvergedMs,
      long resyncMs,
      long resyncCpuMs,
      long rssMiB,
      long jvmCommittedMiB,
      long liveHeapMiB) {
    /**
     * The figures as one line. The resident memory includes native memory outside the JVM: the
     * in-process test-driver hypervisors (on a real host, libvirtd holds those) and RocksDB.
     */
    public String line() {
      return String.format(
          "%d VMs in %d environments: initial converge %d ms, webhook -> one-VM change converged"
              + " %d ms, full resync (every environment passed once) %d ms (process CPU %d ms),"
              + " RSS %d MiB (JVM"
              + " committed %d MiB, live heap %d MiB; the rest is native: the in-process"
              + " test-driver hypervisors and RocksDB)",
          vms,
          environments,
          initialConvergeMs,
          webhookToConvergedMs,
          resyncMs,
          resyncCpuMs,
          rssMiB,
          jvmCommittedMiB,
          liveHeapMiB);
    }
  }

  public static void main(String[] args) throws Exception {
    int vms = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path work =
        args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("ringmaster-daemon-bench");
    Result r = run(vms, work);
    System.out.println("daemon benchmark: " + r.line());
  }

  public static Result run(int vms, Path work) throws IOException, GitAPIException, Exception {
    return run(vms, work, FleetTarget.TEST_DRIVER);
  }

  /** Like {@link #run(int, Path)}, with the fleet's hypervisors at {@code hosts}. */
  static Result run(int vms, Path work, FleetTarget hosts) throws Exception {
    Path checkout = work.resolve("work");
    SyntheticFleet.write(checkout, vms, work.resolve("nodes"));
    hosts.retarget(checkout);
    Path bare = work.resolve("fleet.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    try (Git git = Git.init().setInitialBranch("main").setDirectory(checkout.toFile()).call()) {
      git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
      String first = commitAndPush(git, "synthetic fleet");
      RingmasterMetrics metrics = new RingmasterMetrics(new SimpleMeterRegistry());
      ConvergenceWatch engine =
          new ConvergenceWatch(EngineWiring.build(work.resolve("state"), Map.of(), metrics));
      try (Daemon daemon = daemon(work, bare, engine, metrics)) {
        long t0 = System.nanoTime();
        Progress.say(
            "fleet: converging " + SyntheticFleet.actualSize(vms) + " VMs on " + hosts.describe());
        daemon.start();
        await(() -> daemon.snapshot().isPresent());
        try (Progress p =
            Progress.every(
                WatchBenchmark.PROGRESS_PERIOD,
                () -> "fleet: " + engine.convergedCount(first) + " environments converged")) {
          engine.awaitAll(daemon.snapshot().get().index().environments(), first, LIMIT);
        }
        await(
            () ->
                daemon.environments().size() > 0
                    && daemon.environments().stream().allMatch(e -> converged(e, first)));
        long initial = millis(t0);
        Progress.say("fleet: converged in " + initial + " ms; measuring");
        int environments = daemon.environments().size();

        EnvironmentState target = daemon.environments().get(0);
        Path file = checkout.resolve("environments/" + target.name() + ".yaml");
        String group = target.name().substring(0, target.name().lastIndexOf('-'));
        Files.writeString(
            file,
            Files.readString(file)
                + "  - name: "
                + group
                + "90\n    host: kvm000\n    memory: 1GiB\n    cores: 1\n"
                + hosts.addedVmAttributes());
        String second = commitAndPush(git, "one more VM");
        long t1 = System.nanoTime();
        daemon.triggerFetch();
        engine.awaitAll(Set.of(target.name()), second, LIMIT);
        await(() -> daemon.environment(target.name()).map(e -> converged(e, second)).orElse(false));
        long webhookToConverged = millis(t1);

        Set<String> all = daemon.snapshot().get().index().environments();
        Map<String, Long> before = engine.passCounts();
        long cpu0 = processCpuNanos();
        long t2 = System.nanoTime();
        daemon.resync();
        engine.awaitPassedSince(all, before, LIMIT);
        long resync = millis(t2);
        long resyncCpu = (processCpuNanos() - cpu0) / 1_000_000;
        long rss = rssMiB();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long jvm =
            (memory.getHeapMemoryUsage().getCommitted()
                    + memory.getNonHeapMemoryUsage().getCommitted())
                / MIB;
        System.gc();
        long live = memory.getHeapMemoryUsage().getUsed() / MIB;
        Reference.reachabilityFence(daemon);
        Reference.reachabilityFence(engine);
        return new Result(
            SyntheticFleet.actualSize(vms),
            environments,
            initial,
            webhookToConverged,
            resync,
            resyncCpu,
            rss,
            jvm,
            live);
      }
    }
  }

  /**
   * CPU time this process has used, all threads (the in-process test-driver hypervisors included):
   * on a loaded machine it varies far less than wall time.
   */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }

  /**
   * The daemon core the benchmarks measure: the fleet's bare repository polled hourly (passes come
   * from explicit fetches and resyncs), two workers, one writing pass per hypervisor. Not started.
   */
  static Daemon daemon(Path work, Path bare, ConvergenceWatch engine, RingmasterMetrics metrics) {
    GitSource source =
        GitSource.open(
            RepoSettings.of(bare.toUri().toString(), "main", work.resolve("state/git-mirror.git")),
            Clock.systemUTC());
    DaemonSettings settings =
        new DaemonSettings(
            Duration.ofHours(1),
            Duration.ofHours(1),
            2,
            1,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)),
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)),
            Duration.ofMinutes(1),
            false,
            false);
    return new Daemon(settings, source, engine, metrics, Clock.systemUTC());
  }

  static boolean converged(EnvironmentState e, String commit) {
    return commit.equals(e.commit())
        && List.of(PassResult.Result.APPLIED, PassResult.Result.IN_SYNC).contains(e.result());
  }

  static String commitAndPush(Git git, String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    String id =
        git.commit()
            .setMessage(message)
            .setAuthor("bench", "bench@example.org")
            .setCommitter("bench", "bench@example.org")
            .call()
            .getName();
    git.push().setRemote("origin").add("HEAD:refs/heads/main").call();
    return id;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the daemon did not converge within an hour");
      }
      Thread.sleep(5);
    }
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  static long rssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
