package dev.ringmaster.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link HypervisorDriver} keeps, run against each implementation (embedded and
 * real) so they cannot drift apart. Subclasses provide a connected driver, a storage pool, and
 * foreign objects (not made by Ringmaster) that must never be touched. Tests use fresh names, so an
 * implementation may keep state across tests.
 */
public abstract class HypervisorDriverContract {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  protected HypervisorDriver driver;
  private String vm;

  /** A new connected driver for the fleet hypervisor named {@code host}. */
  protected abstract HypervisorDriver connect(String host);

  /** The storage pool VM disks go to. */
  protected abstract String pool();

  /** A domain that exists and carries no ownership mark. */
  protected abstract String foreignDomain();

  /** A network that exists and carries no ownership mark. */
  protected abstract String foreignNetwork();

  /** A volume in {@link #pool()} whose name is not a VM disk name. */
  protected abstract String foreignVolume();

  /** How long a graceful shutdown may take before the domain is destroyed. */
  protected Duration shutdownTimeout() {
    return Duration.ofSeconds(5);
  }

  protected String host() {
    return "contract";
  }

  @BeforeEach
  void connectDriver() {
    driver = connect(host());
    vm = "ct" + Long.toString(System.nanoTime() % 100000, 36) + pad(SEQUENCE.incrementAndGet());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void observeNeverMutates() {
    HypervisorObservation first = driver.observe();
    HypervisorObservation second = driver.observe();
    assertSameContent(first, second);
  }

  @Test
  void ensureNetworkIsIdempotentAndMarksOwnership() {
    NetworkResource net = network(NetworkKind.FE, "rmc" + SEQUENCE.incrementAndGet());
    driver.ensureNetwork(net);
    HypervisorObservation once = driver.observe();
    driver.ensureNetwork(net);
    assertSameContent(once, driver.observe());
    ObservedNetwork seen = find(once.networks(), n -> n.name().equals(net.name())).orElseThrow();
    assertThat(seen.owner()).isEqualTo(new Ownership(host(), "", ""));
    assertThat(seen.attributes()).isEqualTo(net.attributes());
    driver.deleteNetwork(net.name());
    assertThat(find(driver.observe().networks(), n -> n.name().equals(net.name()))).isEmpty();
  }

  @Test
  void ensureVolumeIsIdempotentAndNeverShrinks() {
    VolumeResource root = volume(DiskRole.ROOT, Size.mib(64));
    driver.ensureVolume(root);
    driver.ensureVolume(root);
    assertThat(volumeCapacity(root.name())).isEqualTo(Size.mib(64));
    VolumeResource smaller = volume(DiskRole.ROOT, Size.mib(32));
    assertThatThrownBy(() -> driver.ensureVolume(smaller))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
    assertThat(volumeCapacity(root.name())).isEqualTo(Size.mib(64));
    driver.deleteVolume(pool(), root.name());
    assertThat(find(driver.observe().volumes(), v -> v.name().equals(root.name()))).isEmpty();
  }

  @Test
  void rootDiskIsClonedFromABaseImageAndTheBaseIsLeftAlone() {
    Size baseCapacity = volumeCapacity(foreignVolume());
    VolumeResource root =
        new VolumeResource(
            host(),
            pool(),
            DiskRole.ROOT.volumeName(vm),
            vm,
            "contract-env",
            DiskRole.ROOT,
            Size.mib(64),
            foreignVolume());
    driver.ensureVolume(root);
    driver.ensureVolume(root);
    assertThat(volumeCapacity(root.name())).isEqualTo(Size.mib(64));
    assertThat(volumeCapacity(foreignVolume())).isEqualTo(baseCapacity);
    driver.deleteVolume(pool(), root.name());
  }

  @Test
  void aDefinitionLibvirtRefusesFailsTerminally() {
    DomainResource valid = domain(Size.mib(64));
    DomainResource invalid =
        new DomainResource(
            host(),
            vm,
            valid.uuid(),
            valid.environment(),
            valid.memory(),
            valid.cores(),
            valid.disks(),
            List.of(new DomainResource.Nic(NetworkKind.FE, "n", "not-a-mac")),
            false,
            valid.specHash());
    assertTerminal(() -> driver.defineDomain(invalid));
    assertThat(observedDomain(vm)).isEmpty();
  }

  @Test
  void domainLifecycleIsIdempotentAndOwnershipRoundTrips() {
    DomainResource domain = domain(Size.mib(128));
    driver.ensureNetwork(network(NetworkKind.FE, "rmcfe" + SEQUENCE.get()));
    driver.ensureNetwork(network(NetworkKind.SRV, "rmcsrv" + SEQUENCE.get()));
    for (DiskRole role : DiskRole.values()) {
      driver.ensureVolume(volume(role, Size.mib(16)));
    }
    driver.defineDomain(domain);
    driver.defineDomain(domain);
    ObservedDomain seen = observedDomain(domain.name()).orElseThrow();
    assertThat(seen.uuid()).isEqualTo(domain.uuid()).isEqualTo(uuidFor(domain.name()));
    assertThat(seen.owner()).isEqualTo(domain.ownership());
    assertThat(seen.state()).isEqualTo(DomainState.SHUTOFF);
    assertThat(seen.attributes()).isEqualTo(domain.attributes());
    assertDeleteDomainIsIdempotent(domain);
  }

  @Test
  void seedIsWrittenAsAVolumeOfItsSizeReplacedOnRewriteAndRefusedUnderOtherNames() {
    String seed = DiskRole.SEED.volumeName(vm);
    driver.writeSeed(pool(), seed, new byte[1024 * 1024]);
    driver.writeSeed(pool(), seed, new byte[1024 * 1024]);
    assertThat(volumeCapacity(seed)).isEqualTo(Size.mib(1));
    driver.writeSeed(pool(), seed, new byte[512 * 1024]);
    assertThat(volumeCapacity(seed)).isEqualTo(new Size(512 * 1024));
    assertTerminal(() -> driver.writeSeed(pool(), DiskRole.ROOT.volumeName(vm), new byte[512]));
    assertTerminal(() -> driver.writeSeed(pool(), "not-a-vm-disk", new byte[512]));
    driver.deleteVolume(pool(), seed);
    assertThat(find(driver.observe().volumes(), v -> v.name().equals(seed))).isEmpty();
  }

  @Test
  void deletingMissingObjectsSucceeds() {
    driver.deleteNetwork(NetworkResource.nameFor(host(), NetworkKind.SRV) + "-missing-" + vm);
    driver.deleteVolume(pool(), DiskRole.TMP.volumeName(vm));
    driver.shutdownDomain(vm, shutdownTimeout());
    driver.deleteDomain(vm, shutdownTimeout());
    assertThat(observedDomain(vm)).isEmpty();
  }

  @Test
  void foreignObjectsAreNeverTouched() {
    HypervisorObservation before = driver.observe();
    ObservedDomain domain =
        find(before.domains(), d -> d.name().equals(foreignDomain())).orElseThrow();
    assertThat(domain.owner()).isNull();
    assertThat(
            find(before.networks(), n -> n.name().equals(foreignNetwork())).orElseThrow().owner())
        .isNull();
    assertTerminal(() -> driver.defineDomain(domain(foreignDomain(), Size.mib(64))));
    assertTerminal(() -> driver.startDomain(foreignDomain()));
    assertTerminal(() -> driver.shutdownDomain(foreignDomain(), shutdownTimeout()));
    assertTerminal(() -> driver.deleteDomain(foreignDomain(), shutdownTimeout()));
    assertTerminal(() -> driver.deleteNetwork(foreignNetwork()));
    assertTerminal(
        () ->
            driver.ensureNetwork(
                new NetworkResource(host(), NetworkKind.FE, foreignNetwork(), "x")));
    assertTerminal(() -> driver.deleteVolume(pool(), foreignVolume()));
    assertSameContent(before, driver.observe());
  }

  @Test
  void objectsOfAnotherHostAreInvisibleAndUntouchable() {
    DomainResource theirs = domain(Size.mib(64));
    try (HypervisorDriver other = connect(host() + "-other")) {
      DomainResource mine = theirs;
      DomainResource otherDomain =
          new DomainResource(
              other.host(),
              mine.name(),
              uuidFor(mine.name()),
              mine.environment(),
              mine.memory(),
              mine.cores(),
              mine.disks(),
              mine.nics(),
              false,
              mine.specHash());
      other.defineDomain(otherDomain);
      try {
        assertThat(observedDomain(mine.name())).isEmpty();
        assertTerminal(() -> driver.defineDomain(mine));
        assertTerminal(() -> driver.deleteDomain(mine.name(), shutdownTimeout()));
        assertThat(find(other.observe().domains(), d -> d.name().equals(mine.name()))).isPresent();
      } finally {
        other.deleteDomain(mine.name(), shutdownTimeout());
      }
    }
  }

  @Test
  void uuidsAreDeterministic() {
    DomainResource domain = domain(Size.mib(64));
    driver.defineDomain(domain);
    driver.deleteDomain(domain.name(), shutdownTimeout());
    driver.defineDomain(domain);
    assertThat(observedDomain(domain.name()).orElseThrow().uuid()).isEqualTo(domain.uuid());
    driver.deleteDomain(domain.name(), shutdownTimeout());
  }

  private void assertDeleteDomainIsIdempotent(DomainResource domain) {
    driver.startDomain(domain.name());
    driver.startDomain(domain.name());
    assertThat(observedDomain(domain.name()).orElseThrow().state()).isEqualTo(DomainState.RUNNING);
    driver.deleteDomain(domain.name(), shutdownTimeout());
    driver.deleteDomain(domain.name(), shutdownTimeout());
    assertThat(observedDomain(domain.name())).isEmpty();
    for (DiskRole role : DiskRole.values()) {
      assertThat(find(driver.observe().volumes(), v -> v.name().equals(role.volumeName(vm))))
          .as("volumes survive their domain")
          .isPresent();
      driver.deleteVolume(pool(), role.volumeName(vm));
    }
    driver.deleteNetwork(NetworkResource.nameFor(host(), NetworkKind.FE));
    driver.deleteNetwork(NetworkResource.nameFor(host(), NetworkKind.SRV));
  }

  protected static void assertTerminal(Runnable action) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
  }

  protected static void assertSameContent(HypervisorObservation a, HypervisorObservation b) {
    assertThat(b.host()).isEqualTo(a.host());
    assertThat(b.networks()).containsExactlyInAnyOrderElementsOf(a.networks());
    assertThat(b.volumes()).containsExactlyInAnyOrderElementsOf(a.volumes());
    assertThat(b.domains()).containsExactlyInAnyOrderElementsOf(a.domains());
  }

  protected Optional<ObservedDomain> observedDomain(String name) {
    return find(driver.observe().domains(), d -> d.name().equals(name));
  }

  protected Size volumeCapacity(String name) {
    return find(driver.observe().volumes(), v -> v.name().equals(name)).orElseThrow().capacity();
  }

  protected static <T> Optional<T> find(List<T> list, Predicate<T> p) {
    return list.stream().filter(p).findFirst();
  }

  protected String vm() {
    return vm;
  }

  protected NetworkResource network(NetworkKind kind, String bridge) {
    return new NetworkResource(host(), kind, NetworkResource.nameFor(host(), kind), bridge);
  }

  protected VolumeResource volume(DiskRole role, Size capacity) {
    return new VolumeResource(
        host(), pool(), role.volumeName(vm), vm, "contract-env", role, capacity, null);
  }

  protected DomainResource domain(Size memory) {
    return domain(vm, memory);
  }

  protected DomainResource domain(String name, Size memory) {
    List<DomainResource.Disk> disks =
        List.of(DiskRole.values()).stream()
            .map(r -> new DomainResource.Disk(r, pool(), r.volumeName(name)))
            .toList();
    List<DomainResource.Nic> nics =
        List.of(
            new DomainResource.Nic(
                NetworkKind.FE, NetworkResource.nameFor(host(), NetworkKind.FE), mac(name, 2)),
            new DomainResource.Nic(
                NetworkKind.SRV, NetworkResource.nameFor(host(), NetworkKind.SRV), mac(name, 3)));
    return new DomainResource(
        host(), name, uuidFor(name), "contract-env", memory, 1, disks, nics, false, "hash-" + name);
  }

  protected static UUID uuidFor(String name) {
    return UUID.nameUUIDFromBytes(("domain/" + name).getBytes(StandardCharsets.UTF_8));
  }

  private static String mac(String name, int vlan) {
    int h = name.hashCode();
    return String.format(
        "52:54:%02x:%02x:%02x:%02x", vlan, (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
  }

  private static String pad(int n) {
    return String.format("%02d", n % 100);
  }
}
