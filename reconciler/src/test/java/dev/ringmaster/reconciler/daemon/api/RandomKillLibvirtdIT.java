package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.Ownership;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.JournalEntry.Phase;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.LibvirtView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;

/**
 * The real daemon process ({@code quarkus-run.jar serve}) converging a few hundred define-only VMs
 * ({@code online: false}, nothing boots) on a real libvirtd, sent a real SIGKILL at seeded random
 * instants and restarted on the same state directory each time; at the end it is left to converge
 * and libvirt holds every declared VM exactly once with its four volumes, nothing marked as
 * Ringmaster's that the fleet does not declare and nothing unmarked named like ours, and the
 * journal has an outcome for every intent (an interrupted one is resolved by a later pass).
 *
 * <p>Each life's kill instant is drawn from {@code new Random(seed)}, uniform over {@value
 * #STARTUP_MILLIS} + {@value #PASS_MILLIS} ms: a draw {@code u} below {@value #STARTUP_MILLIS}
 * kills {@code u} ms after the process started (JVM and Quarkus start, RocksDB open and recovery,
 * the Git fetch, on a fast machine the first observation); a larger one kills {@code u - }{@value
 * #STARTUP_MILLIS} ms after the daemon logged that it reconciles the commit (observation, planning,
 * libvirt writes four at a time per hypervisor, the journal and last-applied RocksDB writes around
 * each, plan history; after convergence, in-sync passes). Anchoring the second part at the pass
 * makes the kills land in the work whatever the machine's start-up time. The seed is printed;
 * {@code -Dringmaster.chaos.seed=N} replays the same draws (the same program points only as far as
 * timing repeats). A failure message names the seed and the instants; each life's writes started
 * and ended before its kill are printed.
 */
class RandomKillLibvirtdIT {
  /** The share of each life's draw counted from the process start. */
  private static final long STARTUP_MILLIS = 2_500;

  /** The share counted from the start of the pass: about a 30th of the whole converge's writing. */
  private static final long PASS_MILLIS = 6_000;

  private static final String PASS_START = "environment(s) to reconcile";

  private static final int KILLS = Integer.getInteger("ringmaster.chaos.kills", 24);
  private static final int ENVIRONMENTS = Integer.getInteger("ringmaster.chaos.environments", 10);
  private static final int VMS_PER_ENVIRONMENT = Integer.getInteger("ringmaster.chaos.vms", 25);
  private static final List<String> HOSTS = List.of("kvm01", "kvm02");
  private static final List<String> DISKS = List.of("root", "swap", "tmp", "seed");
  private static final Duration CONVERGE = Duration.ofMinutes(5);
  private static final Pattern OWNER =
      Pattern.compile(
          "<[^>]*owner[^>]*host=['\"]([^'\"]*)['\"][^>]*environment=['\"]([^'\"]*)['\"]");

  private static LibvirtdFixture libvirtd;
  private static Set<String> foreignNetworks;
  private static Set<String> foreignDomains;

  @TempDir Path dir;

  @BeforeAll
  static void startLibvirtd() {
    libvirtd = LibvirtdFixture.start();
    LibvirtView libvirt = new LibvirtView(libvirtd);
    foreignNetworks = new TreeSet<>(libvirt.networks());
    foreignDomains = new TreeSet<>(libvirt.domains());
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void sigkilledAtRandomInstantsTheDaemonConvergesWithEveryVmOnceAndEveryIntentResolved()
      throws Exception {
    long seed = Long.getLong("ringmaster.chaos.seed", System.nanoTime());
    List<Long> instants = instants(seed);
    String replay =
        "seed "
            + seed
            + " (replay: -Dringmaster.chaos.seed="
            + seed
            + "), kill instants (ms after the process start, or +ms after the pass start): "
            + describe(instants);
    System.out.println("RandomKillLibvirtdIT: " + replay);
    try {
      run(instants);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(replay + "\n" + e.getMessage(), e);
    }
  }

  private void run(List<Long> instants) throws Exception {
    Map<String, String> vms = vms();
    TestRemote remote = TestRemote.create(dir);
    for (int h = 0; h < HOSTS.size(); h++) {
      remote.write("hosts/" + HOSTS.get(h) + ".yaml", hypervisor(h));
    }
    for (int e = 0; e < ENVIRONMENTS; e++) {
      remote.write("environments/" + group(e) + ".yaml", environment(e));
    }
    String commit = remote.commitAndPush(vms.size() + " define-only VMs");
    Map<String, String> env =
        Map.of("RINGMASTER_API_READ_OPEN", "true", "RINGMASTER_REPO_POLL_INTERVAL", "1h");

    List<String> lifetimes = new ArrayList<>();
    for (int k = 0; k < instants.size(); k++) {
      long u = instants.get(k);
      long t0 = System.nanoTime();
      try (DaemonProcess daemon = DaemonProcess.start(dir, remote.url(), env)) {
        if (u >= STARTUP_MILLIS) {
          daemon.awaitLog(PASS_START, CONVERGE);
        }
        Thread.sleep(u < STARTUP_MILLIS ? u : u - STARTUP_MILLIS);
        assertThat(daemon.alive())
            .as("daemon alive before kill %d:\n%s", k + 1, daemon.log())
            .isTrue();
        assertThat(daemon.sigkill()).as("exit status of SIGKILL %d", k + 1).isEqualTo(137);
        lifetimes.add(life(daemon.log(), (System.nanoTime() - t0) / 1_000_000));
        if (Boolean.getBoolean("ringmaster.chaos.print-logs")) {
          System.out.println("--- life " + (k + 1) + " ---\n" + daemon.log());
        }
      }
    }
    System.out.println(
        "RandomKillLibvirtdIT: "
            + instants.size()
            + " kills (ms each life lasted, libvirt writes started/ended before the kill): "
            + lifetimes
            + "; libvirt before the last start: "
            + new LibvirtView(libvirtd).domains().size()
            + " domains");

    Set<String> environments = new TreeSet<>();
    for (int e = 0; e < ENVIRONMENTS; e++) {
      environments.add(group(e) + "-staging");
    }
    long t0 = System.nanoTime();
    try (DaemonProcess daemon = DaemonProcess.start(dir, remote.url(), env)) {
      daemon.await(
          "every environment converged after the last kill",
          () -> DaemonProcessIT.converged(daemon, environments, commit),
          CONVERGE);
      System.out.println(
          "RandomKillLibvirtdIT: converged "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms after the last start");
      assertLibvirtHoldsEveryVmOnceAndNothingElse(vms);
      assertThat(daemon.terminate(Duration.ofSeconds(90))).as("SIGTERM").isNotEqualTo(-1);
    }
    assertJournal(dir.resolve("state/store"));
  }

  /** {@link #KILLS} draws, uniform over {@link #STARTUP_MILLIS} + {@link #PASS_MILLIS}. */
  static List<Long> instants(long seed) {
    Random random = new Random(seed);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < KILLS; i++) {
      out.add((long) (random.nextDouble() * (STARTUP_MILLIS + PASS_MILLIS)));
    }
    return out;
  }

  private static String describe(List<Long> instants) {
    return instants.stream()
        .map(u -> u < STARTUP_MILLIS ? u + "ms" : "+" + (u - STARTUP_MILLIS) + "ms")
        .toList()
        .toString();
  }

  /** One life for the log: how long it lasted, libvirt writes started and ended before the kill. */
  private static String life(String log, long millis) {
    long started = log.lines().filter(l -> l.contains(" start ")).count();
    long ended = log.lines().filter(l -> l.contains(" end ")).count();
    return millis + "ms " + started + "/" + ended + "w";
  }

  /** VM name to its environment. */
  private static Map<String, String> vms() {
    Map<String, String> out = new LinkedHashMap<>();
    for (int e = 0; e < ENVIRONMENTS; e++) {
      for (int i = 0; i < VMS_PER_ENVIRONMENT; i++) {
        out.put(vmName(e, i), group(e) + "-staging");
      }
    }
    return out;
  }

  private void assertLibvirtHoldsEveryVmOnceAndNothingElse(Map<String, String> vms)
      throws LibvirtException {
    LibvirtView libvirt = new LibvirtView(libvirtd);
    List<String> domains = new ArrayList<>(libvirt.domains());
    domains.removeAll(foreignDomains);
    assertThat(domains).as("domains").containsExactlyInAnyOrderElementsOf(vms.keySet());
    assertThat(libvirt.runningDomains()).as("running domains (all define-only)").isEmpty();

    List<String> volumes = new ArrayList<>();
    vms.keySet().forEach(vm -> DISKS.forEach(d -> volumes.add(vm + "-" + d)));
    assertThat(libvirt.volumes().keySet())
        .as("volumes")
        .containsExactlyInAnyOrderElementsOf(volumes);

    Set<String> networks = new TreeSet<>(foreignNetworks);
    for (String host : HOSTS) {
      networks.add("ringmaster-" + host + "-fe");
      networks.add("ringmaster-" + host + "-srv");
    }
    assertThat(libvirt.networks()).as("networks").containsExactlyInAnyOrderElementsOf(networks);

    Connect c = libvirtd.connect();
    try {
      for (String name : libvirt.domains()) {
        Domain d = c.domainLookupByName(name);
        String xml = d.getXMLDesc(0);
        Matcher owner = OWNER.matcher(xml);
        if (foreignDomains.contains(name)) {
          assertThat(xml).as("foreign domain %s", name).doesNotContain(Ownership.NAMESPACE);
          continue;
        }
        assertThat(owner.find())
            .as("domain %s carries the ownership mark:\n%s", name, xml)
            .isTrue();
        assertThat(owner.group(2)).as("environment of domain %s", name).isEqualTo(vms.get(name));
        assertThat(HOSTS).as("host of domain %s", name).contains(owner.group(1));
        for (String disk : DISKS) {
          assertThat(xml)
              .as("domain %s uses its %s volume", name, disk)
              .contains(name + "-" + disk);
        }
      }
      for (String name : libvirt.networks()) {
        if (foreignNetworks.contains(name)) {
          continue;
        }
        Network n = c.networkLookupByName(name);
        assertThat(n.getXMLDesc(0)).as("network %s", name).contains(Ownership.NAMESPACE);
      }
    } finally {
      c.close();
    }
  }

  /**
   * Every intent has an outcome (an interrupted one resolved by a later pass), and no resource was
   * created twice.
   */
  private static void assertJournal(Path store) {
    List<JournalEntry> journal = new ArrayList<>();
    try (StateStore s = StateStore.open(store)) {
      long before = Long.MAX_VALUE;
      List<JournalEntry> page;
      do {
        page = s.journal(before, 1000);
        journal.addAll(page);
        if (!page.isEmpty()) {
          before = page.get(page.size() - 1).seq();
        }
      } while (page.size() == 1000);
      assertThat(s.interrupted()).as("intents without an outcome").isEmpty();
    }
    Map<String, Integer> created = new TreeMap<>();
    int resolved = 0;
    for (JournalEntry e : journal) {
      if (e.phase() == Phase.OUTCOME
          && e.action() == Action.CREATE
          && e.outcome() == Outcome.OK
          && !isResolution(e)) {
        created.merge(e.resource(), 1, Integer::sum);
      }
      if (isResolution(e)) {
        resolved++;
      }
    }
    System.out.println(
        "RandomKillLibvirtdIT: journal "
            + journal.size()
            + " entries, "
            + resolved
            + " interrupted intents resolved after a kill");
    assertThat(created)
        .as("resources created, each once")
        .allSatisfy((resource, count) -> assertThat(count).as(resource).isEqualTo(1));
  }

  private static boolean isResolution(JournalEntry e) {
    return e.phase() == Phase.OUTCOME && e.message().startsWith("interrupted");
  }

  private static String group(int e) {
    return "chaos" + (char) ('a' + e / 26) + (char) ('a' + e % 26);
  }

  private static String vmName(int e, int i) {
    return String.format("%s%02d", group(e), i);
  }

  private static String hypervisor(int h) {
    return """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: "%s"
        storagePool: %s
        domainType: qemu
        bridges: { fe: rmfe%d, srv: rmsrv%d }
        capacity: { memory: 8TiB, cores: 4096 }
        """
        .formatted(HOSTS.get(h), libvirtd.uri(), LibvirtdFixture.POOL, h, h);
  }

  private static String environment(int e) {
    StringBuilder s =
        new StringBuilder(
            """
            apiVersion: ringmaster/v1
            kind: Environment
            name: %s-staging
            resourceGroup: %s
            location: whq
            networks:
              fe:  { vlan: %d, ipv4: 100.64.%d.0/24, ipv6: "2001:db8:%x::/64" }
              srv: { vlan: %d, ipv4: 10.%d.0.0/24, ipv6: "2001:db8:1%x::/64" }
            vms:
            """
                .formatted(group(e), group(e), 100 + e, e, e, 2000 + e, e, e));
    for (int i = 0; i < VMS_PER_ENVIRONMENT; i++) {
      s.append(
          """
            - name: %s
              host: %s
              memory: 512MiB
              cores: 1
              disk: 10GiB
              online: false
          """
              .formatted(vmName(e, i), HOSTS.get(e % HOSTS.size())));
    }
    return s.toString();
  }
}
