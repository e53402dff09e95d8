package dev.ringmaster.reconciler.bench;

import dev.ringmaster.reconciler.daemon.loop.Daemon;
import dev.ringmaster.reconciler.daemon.loop.DriftView;
import dev.ringmaster.reconciler.daemon.loop.EngineWiring;
import dev.ringmaster.reconciler.daemon.loop.RingmasterMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.URIish;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The observation benchmark: how fast the daemon sees a hypervisor, each figure next to the raw
 * bulk read of that hypervisor by a plain libvirt client in the same run (the floor).
 *
 * <p>{@link #oneHost}: every VM of a synthetic fleet on one hypervisor at {@code uri} (define-only
 * disks of 64 MiB, every environment {@code driftPolicy: report} so a hand-made change stays
 * visible), converged by the daemon core with the real engine; then the bulk read, a daemon restart
 * on the converged fleet (until every environment passed once), and hand-made changes made through
 * a second, foreign connection (until the drift view shows them and the environment's pass
 * started). The URI must name a hypervisor whose state a second connection of this process shares:
 * {@code test:///default} or a real libvirtd.
 *
 * <p>The many-hypervisor figures (full resync, resident memory, webhook) come from {@link
 * DaemonBenchmark}.
 */
public final class WatchBenchmark {
  static final Duration LIMIT = Duration.ofHours(1);

  /** How long one hand-made change may stay unseen before it is reported as not seen. */
  static final Duration DRIFT_LIMIT = Duration.ofSeconds(30);

  static final Duration PROGRESS_PERIOD = Duration.ofSeconds(15);

  private static final int INACTIVE_XML = 2; // VIR_DOMAIN_XML_INACTIVE

  private WatchBenchmark() {}

  /** The figures of one part, by name (milliseconds, MiB or counts), in measuring order. */
  public record Figures(Map<String, Long> values, List<String> notes) {
    public String encode() {
      StringBuilder s = new StringBuilder();
      values.forEach((k, v) -> s.append(k).append('=').append(v).append(' '));
      return s.toString().trim();
    }

    public static Figures decode(String line) {
      Map<String, Long> values = new LinkedHashMap<>();
      for (String pair : line.trim().split(" ")) {
        int eq = pair.indexOf('=');
        values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
      }
      return new Figures(values, List.of());
    }
  }

  /** The one-hypervisor part; {@code changes} hand-made changes (cycling through the kinds). */
  public static Figures oneHost(int vms, String uri, String pool, Path work, int changes)
      throws Exception {
    return oneHost(vms, uri, pool, work, changes, false);
  }

  /**
   * Like {@link #oneHost(int, String, String, Path, int)}; with {@code defineOnly} every VM is
   * {@code online: false} (nothing boots: for a real libvirtd).
   */
  public static Figures oneHost(
      int vms, String uri, String pool, Path work, int changes, boolean defineOnly)
      throws Exception {
    Path checkout = work.resolve("work");
    writeOneHostFleet(checkout, vms, uri, pool, work.resolve("nodes"));
    if (defineOnly) {
      try (Stream<Path> envs = Files.list(checkout.resolve("environments"))) {
        for (Path e : envs.toList()) {
          Files.writeString(e, FleetTarget.defineOnly(Files.readString(e)));
        }
      }
    }
    Path bare = work.resolve("fleet.git");
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("vms", (long) SyntheticFleet.actualSize(vms));
    Connect foreign = new Connect(uri);
    try (Git git = init(checkout, bare)) {
      String commit = DaemonBenchmark.commitAndPush(git, "synthetic fleet on one host");
      long t0 = System.nanoTime();
      Progress.say("one host: converging " + out.get("vms") + " VMs on " + uri);
      try (Running first = Running.start(work, bare);
          Progress p =
              Progress.every(
                  PROGRESS_PERIOD,
                  () ->
                      "one host: "
                          + first.watch.convergedCount(commit)
                          + " environments converged")) {
        first.await(commit);
        out.put("environments", (long) first.environments().size());
      }
      out.put("initialConvergeMs", millis(t0));
      Progress.say("one host: converged in " + out.get("initialConvergeMs") + " ms; measuring");

      List<Long> bulk = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        long b = System.nanoTime();
        out.put("bulkObjects", (long) bulkRead(foreign));
        bulk.add(millis(b));
      }
      out.put("bulkReadMs", median(bulk));

      long t1 = System.nanoTime();
      try (Running second = Running.start(work, bare)) {
        second.awaitReady();
        out.put("startupMs", millis(t1));
        second.watch.awaitPassedSince(second.environments(), t1, LIMIT);
        out.put("restartAllPassedMs", millis(t1));

        List<Long> latencies = new ArrayList<>();
        long missed = 0;
        List<String> environments = new ArrayList<>(second.environments());
        environments.sort(null);
        for (int i = 0; i < changes; i++) {
          String env = environments.get((i * 7 + 3) % environments.size());
          String vm = vm(env, i / environments.size());
          long latency = handMade(second, foreign, pool, env, vm, i % 3);
          if (latency < 0) {
            missed++;
          } else {
            latencies.add(latency);
          }
        }
        out.put("driftMedianMs", latencies.isEmpty() ? -1 : median(latencies));
        out.put("driftMaxMs", latencies.stream().mapToLong(Long::longValue).max().orElse(-1));
        out.put("driftChanges", (long) changes);
        out.put("driftMissed", missed);
      }
    } finally {
      foreign.close();
    }
    return new Figures(out, List.of());
  }

  /**
   * Reads everything on one hypervisor the way a plain client would: every domain's XML, every
   * volume's info in every pool, every network's XML. Returns the number of objects read.
   */
  public static int bulkRead(Connect c) throws LibvirtException {
    int objects = 0;
    for (int id : c.listDomains()) {
      Domain d = c.domainLookupByID(id);
      d.getXMLDesc(0);
      d.free();
      objects++;
    }
    for (String name : c.listDefinedDomains()) {
      Domain d = c.domainLookupByName(name);
      d.getXMLDesc(0);
      d.free();
      objects++;
    }
    List<String> pools = new ArrayList<>(List.of(c.listStoragePools()));
    for (String name : pools) {
      StoragePool p = c.storagePoolLookupByName(name);
      p.getXMLDesc(0);
      for (String v : p.listVolumes()) {
        StorageVol vol = p.storageVolLookupByName(v);
        vol.getInfo();
        vol.free();
        objects++;
      }
      p.free();
      objects++;
    }
    for (String name :
        Stream.concat(Stream.of(c.listNetworks()), Stream.of(c.listDefinedNetworks())).toList()) {
      Network n = c.networkLookupByName(name);
      n.getXMLDesc(0);
      n.free();
      objects++;
    }
    return objects;
  }

  /**
   * Makes one hand-made change to {@code vm} of {@code environment} through {@code foreign} (kind
   * 0: its memory redefined, 1: destroy and undefine, 2: delete one of its volumes) and returns the
   * milliseconds until the daemon's drift view shows it for that environment and a pass of it has
   * started, or -1 when not within {@link #DRIFT_LIMIT}.
   */
  static long handMade(
      Running r, Connect foreign, String pool, String environment, String vm, int kind)
      throws Exception {
    int before = driftOf(r.daemon, environment);
    long t0 = System.nanoTime();
    switch (kind) {
      case 0 -> {
        // what virsh setmaxmem --config or virsh edit does: the persistent definition changes
        Domain d = foreign.domainLookupByName(vm);
        String xml = d.getXMLDesc(INACTIVE_XML);
        d.free();
        foreign
            .domainDefineXML(
                xml.replaceAll(
                        "<memory unit='KiB'>\\d+</memory>", "<memory unit='KiB'>524288</memory>")
                    .replaceAll(
                        "<currentMemory unit='KiB'>\\d+</currentMemory>",
                        "<currentMemory unit='KiB'>524288</currentMemory>"))
            .free();
      }
      case 1 -> {
        Domain d = foreign.domainLookupByName(vm);
        if (d.isActive() == 1) {
          d.destroy();
        }
        d.undefine();
        d.free();
      }
      default -> {
        StoragePool p = foreign.storagePoolLookupByName(pool);
        String volume =
            Stream.of(p.listVolumes()).filter(v -> v.startsWith(vm)).sorted().findFirst().get();
        p.storageVolLookupByName(volume).delete(0);
        p.free();
      }
    }
    long deadline = t0 + DRIFT_LIMIT.toNanos();
    boolean shown = false;
    boolean queued = false;
    while (System.nanoTime() < deadline) {
      long started = r.watch.lastStart(environment);
      queued = queued || (started != -1 && started - t0 >= 0);
      shown = shown || driftOf(r.daemon, environment) > before;
      if (shown && queued) {
        return millis(t0);
      }
      Thread.sleep(5);
    }
    return -1;
  }

  private static int driftOf(Daemon daemon, String environment) {
    DriftView view = daemon.drift().orElseThrow();
    return (int) view.entries().stream().filter(e -> e.environment().equals(environment)).count();
  }

  /**
   * The {@code k}-th VM (modulo the environment's size) of a synthetic environment ({@code
   * <group>-staging} or {@code -production}), so changes to one environment hit different VMs.
   */
  static String vm(String environment, int k) {
    int dash = environment.lastIndexOf('-');
    String group = environment.substring(0, dash);
    int first = environment.endsWith("-production") ? SyntheticFleet.VMS_PER_ENV : 0;
    return group + String.format("%02d", first + k % SyntheticFleet.VMS_PER_ENV);
  }

  /**
   * The synthetic fleet with every VM on one hypervisor {@code kvm000} at {@code uri}, 64 MiB disks
   * (a test driver's or a scratch pool's space suffices) and {@code driftPolicy: report}.
   */
  static void writeOneHostFleet(Path root, int vms, String uri, String pool, Path nodes)
      throws IOException {
    SyntheticFleet.write(root, vms, nodes);
    try (Stream<Path> hosts = Files.list(root.resolve("hosts"))) {
      for (Path h : hosts.toList()) {
        Files.delete(h);
      }
    }
    Files.writeString(
        root.resolve("hosts/kvm000.yaml"),
        """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: kvm000
        uri: "%s"
        storagePool: %s
        bridges: { fe: fe000, srv: srv000 }
        capacity: { memory: 8TiB, cores: 4096 }
        """
            .formatted(uri, pool));
    try (Stream<Path> envs = Files.list(root.resolve("environments"))) {
      for (Path e : envs.toList()) {
        Files.writeString(
            e,
            Files.readString(e)
                .replaceAll("host: kvm\\d+", "host: kvm000")
                .replace("disk: 20GiB", "disk: 64MiB")
                .replace("location: whq\n", "location: whq\ndriftPolicy: report\n"));
      }
    }
  }

  private static Git init(Path checkout, Path bare) throws Exception {
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Git git = Git.init().setInitialBranch("main").setDirectory(checkout.toFile()).call();
    git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
    return git;
  }

  /** One daemon core with the real engine on the state in {@code work/state}. */
  static final class Running implements AutoCloseable {
    final Daemon daemon;
    final ConvergenceWatch watch;

    private Running(Daemon daemon, ConvergenceWatch watch) {
      this.daemon = daemon;
      this.watch = watch;
    }

    static Running start(Path work, Path bare) throws IOException {
      RingmasterMetrics metrics = new RingmasterMetrics(new SimpleMeterRegistry());
      ConvergenceWatch watch =
          new ConvergenceWatch(EngineWiring.build(work.resolve("state"), Map.of(), metrics));
      Daemon daemon = DaemonBenchmark.daemon(work, bare, watch, metrics);
      daemon.start();
      return new Running(daemon, watch);
    }

    void awaitReady() throws InterruptedException {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (daemon.snapshot().isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the daemon did not fetch within " + LIMIT);
        }
        Thread.sleep(2);
      }
    }

    Set<String> environments() {
      return daemon.snapshot().orElseThrow().index().environments();
    }

    void await(String commit) throws InterruptedException {
      awaitReady();
      watch.awaitAll(environments(), commit, LIMIT);
    }

    @Override
    public void close() {
      daemon.close();
    }
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
