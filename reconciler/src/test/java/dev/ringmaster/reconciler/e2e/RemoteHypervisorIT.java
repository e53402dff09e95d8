package dev.ringmaster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.libvirt.DomainStatsReader;
import dev.ringmaster.driver.libvirt.LibvirtDriverFactory;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.nixos.testing.OpenSshServer;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverDecorator;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.SshFingerprint;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.apply.ActionResult;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.apply.RetryPolicy;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.state.StoreHostKeys;
import dev.ringmaster.reconciler.testing.Fleets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * A remote hypervisor over SSH, end to end: a real OpenSSH server on 127.0.0.1 (free port, its own
 * host key, started in the private libvirtd's mount namespace so that libvirt's remote helper on
 * the "hypervisor" side, {@code virt-ssh-helper}, reaches that libvirtd at {@code
 * /run/libvirt/libvirt-sock}) and Ringmaster connecting through {@code qemu+libssh://} with the
 * host key pinned and its own key. Everything applied is checked on libvirtd's local socket.
 */
class RemoteHypervisorIT {
  private static final String REMOTE = "kvm02";
  private static final String LOCAL = "kvm01";
  private static final String REMOTE_POOL = "vms2";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration SHUTDOWN = Duration.ofSeconds(10);

  private static LibvirtdFixture libvirtd;

  @TempDir Path work;
  private OpenSshServer sshd;
  private Path sshDir;

  @BeforeAll
  static void startLibvirtd() throws LibvirtException {
    libvirtd = LibvirtdFixture.start();
    Path pool = libvirtd.dir().resolve("pool2");
    Connect c = libvirtd.connect();
    try {
      StoragePool p =
          c.storagePoolDefineXML(
              "<pool type='dir'><name>"
                  + REMOTE_POOL
                  + "</name><target><path>"
                  + pool
                  + "</path></target></pool>",
              0);
      p.build(0);
      p.create(0);
    } finally {
      c.close();
    }
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @BeforeEach
  void startSshd() throws Exception {
    sshDir = work.resolve("sshd");
    sshd = OpenSshServer.start(sshDir, OpenSshServer.freePort(), libvirtd.mountNamespace());
  }

  @AfterEach
  void stopSshdAndWipe() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
    wipe();
  }

  @Test
  void theCliConvergesThroughLibsshWithThePinnedHostKeyAndRingmastersKey() throws Exception {
    Path repo = work.resolve("repo");
    writeRepo(repo, sshd.hostKey(), "remote00");
    Cli cli = new Cli(repo, work.resolve("state"));

    Cli.Run apply = withRingmasterKey(() -> cli.run("apply"));

    assertThat(apply.status()).as(apply.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(domains()).contains("remote00");
    assertThat(volumes(REMOTE_POOL))
        .contains("remote00-root", "remote00-swap", "remote00-tmp", "remote00-seed");
    assertThat(sshd.log()).as("through sshd with Ringmaster's key").contains("Accepted publickey");
    assertThat(withRingmasterKey(cli::plan)).as("nothing left to do").isEmpty();
  }

  @Test
  void aWrongPinnedKeyIsRefusedNamingTheHostAndBothFingerprintsAndNothingIsApplied()
      throws Exception {
    Path other = work.resolve("other_ed25519");
    OpenSshServer.keygen(other);
    String wrong = publicKey(other.resolveSibling("other_ed25519.pub"));
    Path repo = work.resolve("repo");
    writeRepo(repo, wrong, "remote00");
    Cli cli = new Cli(repo, work.resolve("state"));

    Cli.Run apply = withRingmasterKey(() -> cli.run("apply"));

    assertThat(apply.status()).as(apply.describe()).isNotEqualTo(RingmasterCli.OK);
    assertThat(apply.out() + apply.err())
        .contains(REMOTE)
        .contains("127.0.0.1:" + sshd.port())
        .contains("pinned " + SshFingerprint.of(wrong))
        .contains("presented " + SshFingerprint.of(sshd.hostKey()));
    assertThat(domains()).doesNotContain("remote00");
    assertThat(volumes(REMOTE_POOL)).isEmpty();
    assertThat(networks()).noneMatch(n -> n.startsWith("ringmaster-" + REMOTE));
    assertThat(sshd.log()).as("no login was attempted").doesNotContain("Accepted publickey");
  }

  @Test
  void aKeyPinnedInTheStateStoreIsUsedAndAnUnpinnedHostIsRefused() throws Exception {
    Hypervisor unpinned = remote(null);
    VmSpec vm = Fleets.offline(Fleets.vm("remote00", REMOTE, Size.mib(256), 1, Size.gib(1)));
    Fleet fleet =
        new Fleet(
            List.of(unpinned),
            List.of(Fleets.environment("remote-staging", "remote", List.of(vm))));
    Set<String> scope = Set.of("remote-staging");

    try (Engine refused = new Engine(work.resolve("state1"), HostKeyStore.NONE, null)) {
      PlanResult plan = refused.reconciler.plan(new FleetSnapshot(fleet, "c1"), scope);
      assertThat(plan.plan().unreachable().get(REMOTE))
          .contains("not pinned (pinned: none, presented: " + SshFingerprint.of(sshd.hostKey()));
      assertThat(plan.plan().changes()).isEmpty();
    }

    Path state = work.resolve("state2");
    try (StateStore store = StateStore.open(state)) {
      new StoreHostKeys(store).record(REMOTE_HOST, sshd.port(), sshd.hostKey());
    }
    try (Engine pinned = new Engine(state, null, null)) {
      ApplyReport report = pinned.apply(fleet, scope);
      assertThat(report.converged()).as("%s", report.results()).isTrue();
      assertThat(domains()).contains("remote00");
    }
  }

  @Test
  void aHypervisorGoneMidPassHoldsBackOnlyItsEnvironmentsAndIsRetried() throws Exception {
    Fleet fleet =
        new Fleet(
            List.of(local(), remote(sshd.hostKey())),
            List.of(
                Fleets.environment(
                    "local-staging",
                    "local",
                    List.of(
                        Fleets.offline(
                            Fleets.vm("local00", LOCAL, Size.mib(256), 1, Size.gib(1))))),
                Fleets.environment(
                    "remote-staging",
                    "remote",
                    List.of(
                        Fleets.offline(
                            Fleets.vm("remote00", REMOTE, Size.mib(256), 1, Size.gib(1)))))));
    Set<String> both = Set.of("local-staging", "remote-staging");
    AtomicBoolean killed = new AtomicBoolean();
    HypervisorDriverDecorator killOnFirstRemoteWrite =
        driver ->
            driver.host().equals(REMOTE)
                ? new KillBeforeFirstWrite(
                    driver,
                    () -> {
                      if (killed.compareAndSet(false, true)) {
                        killSshd();
                      }
                    })
                : driver;

    try (Engine engine =
        new Engine(work.resolve("state"), HostKeyStore.NONE, killOnFirstRemoteWrite)) {
      ApplyReport midPass = engine.apply(fleet, both);

      assertThat(killed).as("sshd was killed during the pass").isTrue();
      assertThat(midPass.withOutcome(Outcome.FAILED))
          .as("only the gone hypervisor's writes failed, as retryable")
          .isNotEmpty()
          .allSatisfy(
              r -> {
                assertThat(r.change().resource().host()).isEqualTo(REMOTE);
                assertThat(r.retryable()).isTrue();
                assertThat(r.message()).contains(REMOTE).contains("connection to the hypervisor");
              });
      assertThat(results(midPass, "local-staging"))
          .as("the other hypervisor's environment converged")
          .isNotEmpty()
          .allMatch(r -> r.outcome() == Outcome.OK);
      assertThat(results(midPass, "remote-staging"))
          .as("the gone hypervisor's environment is held back")
          .isNotEmpty()
          .noneMatch(r -> r.outcome() == Outcome.OK);
      assertThat(domains()).contains("local00").doesNotContain("remote00");

      PlanResult whileGone = engine.reconciler.plan(new FleetSnapshot(fleet, "c1"), both);
      assertThat(whileGone.plan().unreachable()).containsOnlyKeys(REMOTE);
      assertThat(whileGone.plan().unreachable().get(REMOTE))
          .contains(REMOTE)
          .contains("127.0.0.1:" + sshd.port());
      assertThat(whileGone.plan().changes())
          .as("nothing planned for either environment while kvm02 is gone")
          .allMatch(c -> c.action().name().equals("NO_OP"));

      sshd = OpenSshServer.start(sshDir, sshd.port(), libvirtd.mountNamespace());
      ApplyReport back = engine.apply(fleet, both);
      assertThat(back.converged()).as("%s", back.results()).isTrue();
      assertThat(domains()).contains("local00", "remote00");
      assertThat(volumes(REMOTE_POOL)).contains("remote00-root");
    }
  }

  @Test
  void aHostWhoseKeyChangesIsRefusedAtReconnectNamingBothFingerprints() throws Exception {
    String original = sshd.hostKey();
    VmSpec vm = Fleets.offline(Fleets.vm("remote00", REMOTE, Size.mib(256), 1, Size.gib(1)));
    Fleet fleet =
        new Fleet(
            List.of(remote(original)),
            List.of(Fleets.environment("remote-staging", "remote", List.of(vm))));
    Set<String> scope = Set.of("remote-staging");
    try (Engine engine = new Engine(work.resolve("state"), HostKeyStore.NONE, null)) {
      assertThat(engine.apply(fleet, scope).converged()).isTrue();

      sshd.killWithSessions();
      Files.delete(sshDir.resolve("host_ed25519"));
      Files.delete(sshDir.resolve("host_ed25519.pub"));
      sshd = OpenSshServer.start(sshDir, sshd.port(), libvirtd.mountNamespace());
      String replaced = sshd.hostKey();
      assertThat(replaced).isNotEqualTo(original);

      PlanResult plan = engine.reconciler.plan(new FleetSnapshot(fleet, "c1"), scope);
      assertThat(plan.plan().unreachable().get(REMOTE))
          .contains("is not the pinned one")
          .contains("pinned " + SshFingerprint.of(original))
          .contains("presented " + SshFingerprint.of(replaced));
      assertThat(plan.plan().changes()).allMatch(c -> c.action().name().equals("NO_OP"));

      Fleet repinned =
          new Fleet(
              List.of(remote(replaced)),
              List.of(Fleets.environment("remote-staging", "remote", List.of(vm))));
      PlanResult after = engine.reconciler.plan(new FleetSnapshot(repinned, "c2"), scope);
      assertThat(after.plan().unreachable()).as("the new pin is used at once").isEmpty();
    }
  }

  @Test
  void vmStatisticsAreReadThroughThePinnedConnectionOnly() throws Exception {
    Connect c = libvirtd.connect();
    try {
      c.domainDefineXML(
          "<domain type='qemu'><name>stats00</name><memory unit='MiB'>64</memory>"
              + "<os><type arch='x86_64'>hvm</type></os></domain>");
    } finally {
      c.close();
    }
    HypervisorSettings settings = new HypervisorSettings(sshd.clientKey(), TIMEOUT, null);
    try (DomainStatsReader pinned = new DomainStatsReader(remote(sshd.hostKey()), settings)) {
      assertThat(pinned.read()).extracting(DomainStatsReader.DomainStats::name).contains("stats00");
    }
    Path other = work.resolve("other_ed25519");
    OpenSshServer.keygen(other);
    String wrong = publicKey(other.resolveSibling("other_ed25519.pub"));
    try (DomainStatsReader refused = new DomainStatsReader(remote(wrong), settings)) {
      assertThatThrownBy(refused::read)
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("pinned " + SshFingerprint.of(wrong))
          .hasMessageContaining("presented " + SshFingerprint.of(sshd.hostKey()));
    }
  }

  // --- the engine, wired as EngineFactory wires it, with a decorator of the test's own ---

  private static final String REMOTE_HOST = "127.0.0.1";

  private final class Engine implements AutoCloseable {
    final StateStore store;
    final DriverRegistry drivers;
    final Reconciler reconciler;

    /** {@code keys} null: the pins of this engine's own state store, as the CLI and daemon use. */
    Engine(Path state, HostKeyStore keys, HypervisorDriverDecorator decorator) {
      store = StateStore.open(state);
      HypervisorSettings settings =
          new HypervisorSettings(
              sshd.clientKey(), TIMEOUT, keys != null ? keys : new StoreHostKeys(store));
      drivers =
          new DriverRegistry(
              List.of(new LibvirtDriverFactory(settings)),
              null,
              decorator == null ? List.of() : List.of(decorator));
      reconciler =
          new Reconciler(
              drivers,
              store,
              ReconcilerConfig.defaults()
                  .withRetry(RetryPolicy.none())
                  .withSafety(new SafetySettings(Duration.ZERO, 100, 100)));
    }

    ApplyReport apply(Fleet fleet, Set<String> scope) {
      PlanResult planned = reconciler.plan(new FleetSnapshot(fleet, "c1"), scope);
      return reconciler.apply(planned, new ApplyPolicy(false, false, SHUTDOWN), ApplyListener.NONE);
    }

    @Override
    public void close() {
      drivers.close();
      store.close();
    }
  }

  private static List<ActionResult> results(ApplyReport report, String environment) {
    return report.results().stream()
        .filter(r -> environment.equals(r.change().environment()))
        .toList();
  }

  private void killSshd() {
    try {
      sshd.killWithSessions();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code hook} right before the first mutating call, then delegates. */
  private record KillBeforeFirstWrite(HypervisorDriver delegate, Runnable hook)
      implements HypervisorDriver {
    @Override
    public String host() {
      return delegate.host();
    }

    @Override
    public HypervisorObservation observe() {
      return delegate.observe();
    }

    @Override
    public void ensureNetwork(NetworkResource network) {
      hook.run();
      delegate.ensureNetwork(network);
    }

    @Override
    public void deleteNetwork(String name) {
      hook.run();
      delegate.deleteNetwork(name);
    }

    @Override
    public void ensureVolume(VolumeResource volume) {
      hook.run();
      delegate.ensureVolume(volume);
    }

    @Override
    public void deleteVolume(String pool, String name) {
      hook.run();
      delegate.deleteVolume(pool, name);
    }

    @Override
    public void writeSeed(String pool, String volume, byte[] image) {
      hook.run();
      delegate.writeSeed(pool, volume, image);
    }

    @Override
    public void defineDomain(DomainResource domain) {
      hook.run();
      delegate.defineDomain(domain);
    }

    @Override
    public void startDomain(String name) {
      hook.run();
      delegate.startDomain(name);
    }

    @Override
    public void shutdownDomain(String name, Duration timeout) {
      hook.run();
      delegate.shutdownDomain(name, timeout);
    }

    @Override
    public void deleteDomain(String name, Duration shutdownTimeout) {
      hook.run();
      delegate.deleteDomain(name, shutdownTimeout);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  // --- fleet and libvirt helpers ---

  private Hypervisor remote(String hostKey) {
    String uri = "qemu+libssh://root@" + REMOTE_HOST + ":" + sshd.port() + "/system";
    return new Hypervisor(
        REMOTE,
        uri,
        REMOTE_POOL,
        null,
        new Hypervisor.Bridges("br2-fe", "br2-srv"),
        new Hypervisor.Capacity(Size.gib(16), 8),
        "qemu",
        null,
        null,
        hostKey,
        null);
  }

  private static Hypervisor local() {
    return new Hypervisor(
        LOCAL,
        libvirtd.uri(),
        LibvirtdFixture.POOL,
        null,
        new Hypervisor.Bridges("br1-fe", "br1-srv"),
        new Hypervisor.Capacity(Size.gib(16), 8),
        "qemu",
        null,
        null,
        null);
  }

  private void writeRepo(Path repo, String hostKey, String vm) throws Exception {
    write(
        repo.resolve("hosts/" + REMOTE + ".yaml"),
        """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: "qemu+libssh://root@127.0.0.1:%d/system"
        hostKey: "%s"
        storagePool: %s
        domainType: qemu
        bridges: { fe: br2-fe, srv: br2-srv }
        capacity: { memory: 16GiB, cores: 8 }
        """
            .formatted(REMOTE, sshd.port(), hostKey, REMOTE_POOL));
    write(
        repo.resolve("environments/remote-staging.yaml"),
        """
        apiVersion: ringmaster/v1
        kind: Environment
        name: remote-staging
        resourceGroup: remote
        networks:
          fe:  { vlan: 2, ipv4: 203.0.113.0/26, ipv6: "2001:db8:2::/64" }
          srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: "2001:db8:3::/64" }
        vms:
          - name: %s
            host: %s
            memory: 512MiB
            cores: 1
            disk: 1GiB
            online: false
        """
            .formatted(vm, REMOTE));
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("remote hypervisor")
          .setAuthor("e2e", "e2e@ringmaster.invalid")
          .setCommitter("e2e", "e2e@ringmaster.invalid")
          .setSign(false)
          .call();
    }
  }

  private <T> T withRingmasterKey(java.util.function.Supplier<T> run) {
    System.setProperty(HypervisorSettings.SSH_KEY, sshd.clientKey().toString());
    try {
      return run.get();
    } finally {
      System.clearProperty(HypervisorSettings.SSH_KEY);
    }
  }

  private static String publicKey(Path pub) throws IOException {
    String[] f = Files.readString(pub).trim().split(" ");
    return f[0] + " " + f[1];
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> domains() throws LibvirtException {
    Connect c = libvirtd.connect();
    try {
      List<String> out = new ArrayList<>(List.of(c.listDefinedDomains()));
      for (int id : c.listDomains()) {
        out.add(c.domainLookupByID(id).getName());
      }
      return out;
    } finally {
      c.close();
    }
  }

  private static List<String> volumes(String pool) throws LibvirtException {
    Connect c = libvirtd.connect();
    try {
      StoragePool p = c.storagePoolLookupByName(pool);
      p.refresh(0);
      return List.of(p.listVolumes());
    } finally {
      c.close();
    }
  }

  private static List<String> networks() throws LibvirtException {
    Connect c = libvirtd.connect();
    try {
      List<String> out = new ArrayList<>(List.of(c.listNetworks()));
      out.addAll(List.of(c.listDefinedNetworks()));
      return out;
    } finally {
      c.close();
    }
  }

  /** Removes every domain, volume and Ringmaster network the test made. */
  private static void wipe() throws LibvirtException {
    Connect c = libvirtd.connect();
    try {
      for (String name : c.listDefinedDomains()) {
        c.domainLookupByName(name).undefine(1 | 2);
      }
      for (String pool : List.of(LibvirtdFixture.POOL, REMOTE_POOL)) {
        StoragePool p = c.storagePoolLookupByName(pool);
        p.refresh(0);
        for (String v : p.listVolumes()) {
          p.storageVolLookupByName(v).delete(0);
        }
      }
      for (String n : c.listNetworks()) {
        if (n.startsWith("ringmaster-")) {
          c.networkLookupByName(n).destroy();
        }
      }
      for (String n : c.listDefinedNetworks()) {
        if (n.startsWith("ringmaster-")) {
          c.networkLookupByName(n).undefine();
        }
      }
    } finally {
      c.close();
    }
  }
}
