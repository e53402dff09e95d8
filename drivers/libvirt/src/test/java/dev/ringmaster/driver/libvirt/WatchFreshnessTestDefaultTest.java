package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DomainState;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Size;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * The observation cache's freshness rule on {@code test:///default}, whose connections in one
 * process share one state, so a second connection's changes are changes "by hand": an observation
 * sees everything done before it started (evented or not) and the driver's own writes, and
 * observations with nothing changed in between share one bulk read.
 */
class WatchFreshnessTestDefaultTest {
  private static final String URI = "test:///default";
  private static final String HOST = "fresh01";
  private static final String ENV = "fresh-env";
  private static final String POOL = "default-pool";

  private LibvirtDriver driver;
  private Connect byHand;

  @BeforeEach
  void open() throws Exception {
    byHand = new RawConnect(URI);
    driver = new LibvirtDriverFactory().open(TestHypervisors.of(HOST, URI, POOL, null));
    driver.watch((host, env, object) -> {});
    assertThat(driver.watchProblem()).isEmpty();
    for (NetworkKind kind : NetworkKind.values()) {
      driver.ensureNetwork(
          new NetworkResource(HOST, kind, NetworkResource.nameFor(HOST, kind), "br-" + kind.key()));
    }
    for (DiskRole role : DiskRole.values()) {
      driver.ensureVolume(
          new VolumeResource(
              HOST, POOL, role.volumeName("f1"), "f1", ENV, role, Size.mib(16), null));
    }
    driver.defineDomain(domain("f1"));
  }

  @AfterEach
  void close() throws Exception {
    for (String vm : List.of("f1")) {
      try {
        driver.deleteDomain(vm, java.time.Duration.ofSeconds(1));
        for (DiskRole role : DiskRole.values()) {
          driver.deleteVolume(POOL, role.volumeName(vm));
        }
      } catch (RuntimeException e) {
        // best effort
      }
    }
    for (NetworkKind kind : NetworkKind.values()) {
      driver.deleteNetwork(NetworkResource.nameFor(HOST, kind));
    }
    try {
      byHand.domainLookupByName("byhand1").undefine();
    } catch (Exception e) {
      // not there
    }
    driver.close();
    byHand.close();
  }

  @Test
  void unchangedObservationsShareOneBulkRead() {
    HypervisorObservation first = driver.observe();
    long reads = driver.bulkReads();
    long calls = driver.calls();
    for (int i = 0; i < 20; i++) {
      assertThat(driver.observe()).isEqualTo(first);
    }
    assertThat(driver.bulkReads()).as("no further bulk read").isEqualTo(reads);
    assertThat(driver.calls() - calls)
        .as(
            "20 observations, 4 calls each to bring the cache up to their start (a round trip,"
                + " the pool's lookup and volume names, the domain stats)")
        .isLessThanOrEqualTo(20 * 4);
  }

  @Test
  void observationsWaitingTogetherShareTheSyncThatStartedAfterThem() throws Exception {
    driver.observe();
    long reads = driver.bulkReads();
    long shared = driver.sharedSyncs();
    List<Thread> passes = new java.util.ArrayList<>();
    synchronized (driver) { // the lock a pass observing right now would hold
      for (int i = 0; i < 3; i++) {
        Thread t = new Thread(driver::observe, "pass-" + i);
        t.start();
        passes.add(t);
      }
      for (Thread t : passes) {
        while (t.getState() != Thread.State.BLOCKED) {
          Thread.sleep(1);
        }
      }
    }
    for (Thread t : passes) {
      t.join(10_000);
    }
    assertThat(driver.sharedSyncs() - shared)
        .as("the first to get the lock syncs; the sync started after the other two were called")
        .isEqualTo(2);
    assertThat(driver.bulkReads()).as("nothing changed: no bulk read").isEqualTo(reads);
  }

  @Test
  void anObservationCalledAfterTheLastSyncStartedSyncsAgain() throws Exception {
    driver.observe();
    Thread.sleep(OWN_WRITES_OVER);
    long shared = driver.sharedSyncs();
    byHand
        .storagePoolLookupByName(POOL)
        .storageVolLookupByName(DiskRole.TMP.volumeName("f1"))
        .delete(0);
    assertThat(driver.observe().volumes())
        .extracting(v -> v.name())
        .doesNotContain(DiskRole.TMP.volumeName("f1"));
    assertThat(driver.sharedSyncs()).isEqualTo(shared);
  }

  @Test
  void passesAskedForBeforeASyncUseItAndLaterOnesDoNot() throws Exception {
    long askedBefore = System.nanoTime();
    driver.observe(); // syncs: started after askedBefore
    long shared = driver.sharedSyncs();
    long calls = driver.calls();
    for (int i = 0; i < 10; i++) {
      driver.observe(askedBefore); // the passes of a resync asked for together
    }
    assertThat(driver.sharedSyncs() - shared).as("ten passes, no sync of their own").isEqualTo(10);
    assertThat(driver.calls()).as("no libvirt call at all").isEqualTo(calls);

    Thread.sleep(OWN_WRITES_OVER);
    long askedAfter = System.nanoTime();
    byHand
        .storagePoolLookupByName(POOL)
        .storageVolLookupByName(DiskRole.TMP.volumeName("f1"))
        .delete(0);
    assertThat(driver.observe(askedAfter).volumes())
        .as("a pass asked for after the last sync started syncs itself and sees the deletion")
        .extracting(v -> v.name())
        .doesNotContain(DiskRole.TMP.volumeName("f1"));
  }

  @Test
  void theRelistReadsEverythingAgainAndNamesDefinitionsChangedUnannounced() throws Exception {
    driver.observe();
    // the relist compares each domain's new parse with the last one, whether or not an event
    // (which the test driver sends for a redefinition) dropped the cached entry meanwhile
    Domain f1 = byHand.domainLookupByName("f1");
    String xml = f1.getXMLDesc(2).replaceFirst("(<vcpu[^>]*>)1<", "$12<");
    assertThat(xml).contains(">2</vcpu>");
    long reads = driver.bulkReads();
    assertThat(driver.relist()).as("nothing changed yet").isEmpty();
    assertThat(driver.bulkReads()).as("the relist is one bulk read").isEqualTo(reads + 1);
    long calls = driver.calls();
    driver.observe(); // served from the relist's read (a sync, no bulk read)
    assertThat(driver.bulkReads()).isEqualTo(reads + 1);
    assertThat(driver.calls() - calls).isLessThanOrEqualTo(4);

    byHand.domainDefineXML(xml);
    assertThat(driver.relist()).containsExactly(ENV);
    assertThat(domain(driver.observe(), "f1").orElseThrow().cores()).isEqualTo(2);
  }

  @Test
  void anObservationSeesItsOwnWrites() {
    driver.observe();
    driver.startDomain("f1");
    assertThat(domain(driver.observe(), "f1").orElseThrow().state()).isEqualTo(DomainState.RUNNING);
    driver.deleteVolume(POOL, DiskRole.TMP.volumeName("f1"));
    assertThat(driver.observe().volumes())
        .extracting(v -> v.name())
        .doesNotContain(DiskRole.TMP.volumeName("f1"));
  }

  @Test
  void anObservationSeesEveryChangeMadeBeforeItStarted() throws Exception {
    driver.observe();
    Thread.sleep(OWN_WRITES_OVER);

    // evented: a new foreign domain, an owned domain started and destroyed
    byHand.domainDefineXML(
        "<domain type='test'><name>byhand1</name><memory unit='KiB'>65536</memory>"
            + "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>");
    assertThat(domain(driver.observe(), "byhand1")).isPresent();
    Domain f1 = byHand.domainLookupByName("f1");
    f1.create();
    assertThat(domain(driver.observe(), "f1").orElseThrow().state()).isEqualTo(DomainState.RUNNING);
    f1.destroy();
    assertThat(domain(driver.observe(), "f1").orElseThrow().state()).isEqualTo(DomainState.SHUTOFF);

    // not evented: a volume deleted (a stopped domain's memory maximum, which the test driver's
    // statistics do not carry, is covered on a real libvirtd by LibvirtWatchIT)
    byHand
        .storagePoolLookupByName(POOL)
        .storageVolLookupByName(DiskRole.SWAP.volumeName("f1"))
        .delete(0);
    assertThat(driver.observe().volumes())
        .extracting(v -> v.name())
        .doesNotContain(DiskRole.SWAP.volumeName("f1"));
  }

  private static final long OWN_WRITES_OVER = LibvirtDriver.OWN_WRITE_WINDOW_MILLIS + 100;

  private static Optional<ObservedDomain> domain(HypervisorObservation o, String name) {
    return o.domains().stream().filter(d -> d.name().equals(name)).findFirst();
  }

  private static DomainResource domain(String vm) {
    List<DomainResource.Disk> disks =
        Arrays.stream(DiskRole.values())
            .map(r -> new DomainResource.Disk(r, POOL, r.volumeName(vm)))
            .toList();
    List<DomainResource.Nic> nics =
        List.of(
            new DomainResource.Nic(
                NetworkKind.FE,
                NetworkResource.nameFor(HOST, NetworkKind.FE),
                "52:54:00:0f:00:01"));
    return new DomainResource(
        HOST,
        vm,
        UUID.nameUUIDFromBytes(("domain/" + HOST + "/" + vm).getBytes(StandardCharsets.UTF_8)),
        ENV,
        Size.mib(64),
        1,
        disks,
        nics,
        true,
        "hash");
  }
}
