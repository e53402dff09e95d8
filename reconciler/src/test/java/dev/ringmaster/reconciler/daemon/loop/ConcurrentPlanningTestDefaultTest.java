package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.daemon.loop.PassResult.Result;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.source.GitSource;
import dev.ringmaster.reconciler.source.RepoSettings;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.ConcurrencyRecordingDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.libvirt.Connect;

/**
 * Passes of environments on one hypervisor observe and plan at the same time, while no more than
 * {@code writers-per-hypervisor} of them write to it at once: the real daemon core with the real
 * engine, RocksDB and the libvirt driver on {@code test:///default}, wrapped by a test driver that
 * records how many passes are inside an observation and inside a write at once (each stretched by a
 * delay so that passes which may overlap do). The engine applies one action per host at a time
 * here, so the writes in flight count the writing passes. Six environments converge from nothing
 * (the shared networks created once), then a resync finds all of them in sync and writes nothing.
 */
class ConcurrentPlanningTestDefaultTest {
  private static final int ENVIRONMENTS = 6;

  @TempDir Path dir;
  private Connect libvirt;
  private TestRemote remote;

  @BeforeEach
  void open() throws Exception {
    libvirt = new Connect("test:///default");
    remote = TestRemote.create(dir.resolve("remote"));
  }

  @AfterEach
  void close() throws Exception {
    remote.close();
    libvirt.close();
  }

  @ParameterizedTest(name = "writers per hypervisor: {0}")
  @ValueSource(ints = {1, 2})
  void passesOnOneHypervisorPlanConcurrentlyAndWritesStayWithinTheBound(int writers)
      throws Exception {
    String host = "kvm" + writers;
    remote.write("hosts/" + host + ".yaml", host(host));
    List<String> names = new ArrayList<>();
    for (int e = 0; e < ENVIRONMENTS; e++) {
      String group = "grp" + (char) ('a' + e) + writers;
      names.add(group + "-staging");
      remote.write("environments/" + group + ".yaml", environment(group, host, 2 + 2 * e));
    }
    String commit = remote.commitAndPush("six environments on one hypervisor");
    ConcurrencyRecordingDriver.Decorator recording =
        new ConcurrencyRecordingDriver.Decorator(Duration.ofMillis(200), Duration.ofMillis(20));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Daemon daemon = daemon(dir.resolve("state" + writers), recording, writers, registry)) {
      daemon.start();
      Eventually.until("every environment converged", () -> all(daemon, names, commit));
      ConcurrencyRecordingDriver driver = recording.driver();
      assertThat(driver.maxObserving()).as("passes observing at once").isGreaterThan(1);
      assertThat(driver.maxWriting()).as("writes in flight at once").isBetween(1, writers);
      int written = driver.writes();
      // each VM's 3 volumes, seed, definition and start, and the two shared networks: ensured
      // once by the first writer, or (idempotently) by each of the passes writing beside it
      int perVm = ENVIRONMENTS * 2 * 6;
      assertThat(written).isBetween(perVm + 2, perVm + 2 * writers);

      double before = passes(registry);
      daemon.resync();
      Eventually.until(
          "every environment passed again", () -> passes(registry) >= before + ENVIRONMENTS);
      Eventually.until("in sync", () -> inSync(daemon, names));
      assertThat(driver.writes())
          .as("a converged fleet's resync writes nothing")
          .isEqualTo(written);
    }
    assertThat(domains(host)).hasSize(ENVIRONMENTS * 2);
  }

  private Daemon daemon(
      Path state,
      ConcurrencyRecordingDriver.Decorator recording,
      int writers,
      SimpleMeterRegistry registry) {
    StateStore store = StateStore.open(state.resolve("store"));
    List<dev.ringmaster.driver.spi.HypervisorDriverFactory> factories = new ArrayList<>();
    java.util.ServiceLoader.load(dev.ringmaster.driver.spi.HypervisorDriverFactory.class)
        .forEach(factories::add);
    DriverRegistry drivers = new DriverRegistry(factories, null, List.of(recording));
    RingmasterMetrics metrics = new RingmasterMetrics(registry);
    ReconcilerConfig config =
        new ReconcilerConfig(
            dev.ringmaster.reconciler.desired.GuestResourceSource.NONE,
            1,
            dev.ringmaster.reconciler.apply.RetryPolicy.defaults());
    EngineReconciler reconciler =
        new EngineReconciler(new Reconciler(drivers, store, config), store, drivers, metrics);
    DaemonSettings settings =
        new DaemonSettings(
            Duration.ofHours(1),
            Duration.ofHours(1),
            ENVIRONMENTS,
            writers,
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
            Duration.ofSeconds(60),
            false,
            false);
    GitSource source =
        GitSource.open(
            RepoSettings.of(remote.url(), "main", state.resolve("git-mirror.git")),
            Clock.systemUTC());
    return new Daemon(settings, source, reconciler, metrics, Clock.systemUTC());
  }

  private static boolean all(Daemon daemon, List<String> names, String commit) {
    return names.stream()
        .allMatch(
            n ->
                daemon
                    .environment(n)
                    .map(
                        s ->
                            commit.equals(s.commit())
                                && (s.result() == Result.APPLIED || s.result() == Result.IN_SYNC))
                    .orElse(false));
  }

  private static boolean inSync(Daemon daemon, List<String> names) {
    return names.stream()
        .allMatch(n -> daemon.environment(n).map(s -> s.result() == Result.IN_SYNC).orElse(false));
  }

  private static double passes(SimpleMeterRegistry registry) {
    return registry.find(RingmasterMetrics.PASSES).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private Set<String> domains(String host) throws Exception {
    Set<String> out = new TreeSet<>(Arrays.asList(libvirt.listDefinedDomains()));
    for (int id : libvirt.listDomains()) {
      out.add(libvirt.domainLookupByID(id).getName());
    }
    out.removeIf(n -> !n.startsWith("grp") || !owned(n, host));
    return out;
  }

  private boolean owned(String name, String host) {
    try {
      return libvirt.domainLookupByName(name).getXMLDesc(0).contains(host);
    } catch (org.libvirt.LibvirtException e) {
      return false;
    }
  }

  private static String host(String name) {
    return "apiVersion: ringmaster/v1\nkind: Hypervisor\nname: "
        + name
        + "\nuri: test:///default\nstoragePool: default-pool\ndomainType: qemu\n"
        + "bridges: { fe: br-fe, srv: br-srv }\ncapacity: { memory: 64GiB, cores: 16 }\n";
  }

  private static String environment(String group, String host, int vlan) {
    StringBuilder vms = new StringBuilder();
    for (int n = 0; n < 2; n++) {
      vms.append("  - name: ")
          .append(String.format("%s%02d", group, n))
          .append("\n    host: ")
          .append(host)
          .append("\n    memory: 1GiB\n    cores: 1\n    disk: 10GiB\n");
    }
    return "apiVersion: ringmaster/v1\nkind: Environment\nname: "
        + group
        + "-staging\nresourceGroup: "
        + group
        + "\nlocation: whq\nnetworks:\n  fe:  { vlan: "
        + vlan
        + ", ipv4: 203.0.113."
        + vlan * 16
        + "/28, ipv6: \"2001:db8:"
        + vlan
        + "::/64\" }\n  srv: { vlan: "
        + (vlan + 1)
        + ", ipv4: 10."
        + vlan
        + ".0.0/24, ipv6: \"2001:db8:"
        + (vlan + 1)
        + "::/64\" }\nvms:\n"
        + vms;
  }
}
