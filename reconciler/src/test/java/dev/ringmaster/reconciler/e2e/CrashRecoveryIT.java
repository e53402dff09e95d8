package dev.ringmaster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import dev.ringmaster.reconciler.e2e.Cli.PlannedChange;
import dev.ringmaster.reconciler.e2e.Cli.Run;
import dev.ringmaster.reconciler.e2e.E2eFleet.Vm;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.LibvirtView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An {@code apply} killed (JVM halt, status 137) right after its N-th mutating libvirt call, then
 * run again: the second run converges without duplicates or leftovers, and the journal keeps the
 * interrupted intent of the first run, closed by the second run with an outcome saying how,
 * followed by the second run's successful outcomes; a restart or removal killed halfway is
 * finished, nothing orphaned. Runs on a real libvirtd, whose state outlives the killed client (as
 * {@code test:///default} cannot).
 */
class CrashRecoveryIT {
  private static final List<String> VMS = List.of(E2eFleet.vmName(0), E2eFleet.vmName(1));
  private static final List<String> NETWORKS =
      List.of("ringmaster-" + E2eFleet.HOST + "-fe", "ringmaster-" + E2eFleet.HOST + "-srv");

  private static final Duration BOOT = Duration.ofMinutes(3);

  /** 2 networks + 6 volumes + 2 seeds + 2 defines + 2 starts. */
  private static final int MUTATING_CALLS = 14;

  private static LibvirtdFixture libvirtd;
  private static GuestImage guest;
  private static LibvirtView libvirt;
  private static List<String> foreignNetworks;

  @TempDir Path repo;
  @TempDir Path work;

  @BeforeAll
  static void startLibvirtd() {
    libvirtd = LibvirtdFixture.start();
    guest = GuestImage.prepare(libvirtd.dir());
    libvirt = new LibvirtView(libvirtd);
    foreignNetworks = libvirt.networks();
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @AfterEach
  void wipe() {
    libvirt.wipe(NETWORKS::contains);
  }

  @ParameterizedTest(name = "halt after mutating call {0} of " + MUTATING_CALLS)
  @ValueSource(ints = {1, 6, MUTATING_CALLS - 1})
  void applyKilledMidwayConvergesOnTheNextRun(int haltAfter) {
    String commit =
        E2eFleet.create(repo, libvirtd, guest)
            .writeVms(VMS.stream().map(vm -> new Vm(vm, "512MiB", "1GiB")).toList());
    Path stateDir = work.resolve("state");
    Cli cli = new Cli(repo, stateDir);

    Run crashed = cli.runInChild(haltAfter, "apply");
    assertThat(crashed.status()).as(crashed.describe()).isEqualTo(137);
    assertThat(crashed.err()).contains("halting after mutating call " + haltAfter);
    List<JournalEntry> interrupted = interrupted(stateDir);
    assertThat(interrupted)
        .as(crashed.describe())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.commit()).isEqualTo(commit));

    List<PlannedChange> remaining = cli.plan();
    assertThat(remaining).as("the killed run created something").hasSizeLessThan(12);

    Run recovered = cli.run("apply");
    assertThat(recovered.status()).as(recovered.describe()).isEqualTo(RingmasterCli.OK);
    assertEverythingExactlyOnce();
    assertThat(cli.plan()).isEmpty();
    Run drift = cli.run("drift");
    assertThat(drift.status()).as(drift.describe()).isEqualTo(RingmasterCli.OK);
    assertJournalShowsCrashThenSuccess(stateDir, interrupted, remaining);
  }

  @Test
  void restartAndRemovalKilledAfterTheirFirstCallAreFinishedByTheNextRun() {
    String vm = VMS.get(0);
    E2eFleet fleet = E2eFleet.create(repo, libvirtd, guest);
    Cli cli = new Cli(repo, work.resolve("state"));
    fleet.writeVms(List.of(new Vm(vm, "512MiB", "1GiB")));
    Run created = cli.run("apply");
    assertThat(created.status()).as(created.describe()).isEqualTo(RingmasterCli.OK);
    libvirt.awaitSerialLine(vm, GuestImage.MARKER, BOOT);

    fleet.writeVms(List.of(new Vm(vm, "768MiB", "1GiB")));
    Run stopped = cli.runInChild(1, "apply", "--allow-restart", "--now", E2eFleet.ENV);
    assertThat(stopped.status()).as(stopped.describe()).isEqualTo(137);
    assertThat(libvirt.domain(vm).orElseThrow().running())
        .as("halted after the shutdown")
        .isFalse();
    Run restarted = cli.run("apply");
    assertThat(restarted.status()).as(restarted.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(libvirt.domain(vm).orElseThrow())
        .satisfies(d -> assertThat(d.running()).isTrue())
        .satisfies(d -> assertThat(d.liveMemoryKib()).isEqualTo(768 * 1024));
    assertThat(cli.plan()).isEmpty();
    libvirt.awaitSerialLine(vm, GuestImage.MARKER, BOOT);

    fleet.writeVms(List.of());
    Run halfDeleted = cli.runInChild(1, "apply", "--allow-destroy");
    assertThat(halfDeleted.status()).as(halfDeleted.describe()).isEqualTo(137);
    assertThat(libvirt.domains()).as("halted after the domain's deletion").isEmpty();
    assertThat(libvirt.volumes()).as("its volumes and seed are still there").hasSize(4);
    Run deleted = cli.run("apply", "--allow-destroy");
    assertThat(deleted.status()).as(deleted.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(libvirt.volumes()).as("nothing orphaned").isEmpty();
    assertThat(libvirt.networks()).containsExactlyInAnyOrderElementsOf(foreignNetworks);
    assertThat(cli.plan()).isEmpty();
  }

  private static void assertEverythingExactlyOnce() {
    assertThat(libvirt.domains()).containsExactlyInAnyOrderElementsOf(VMS);
    for (String vm : VMS) {
      assertThat(libvirt.domain(vm).orElseThrow().running()).as(vm).isTrue();
    }
    assertThat(libvirt.volumes().keySet())
        .containsExactlyInAnyOrderElementsOf(
            VMS.stream()
                .flatMap(vm -> Stream.of(vm + "-root", vm + "-swap", vm + "-tmp", vm + "-seed"))
                .toList());
    assertThat(libvirt.networks())
        .as("libvirt's own networks are left alone")
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(NETWORKS.stream(), foreignNetworks.stream()).toList());
  }

  private static void assertJournalShowsCrashThenSuccess(
      Path stateDir, List<JournalEntry> interrupted, List<PlannedChange> remaining) {
    String crashedPass = interrupted.get(0).passId();
    long lastCrashed = interrupted.stream().mapToLong(JournalEntry::seq).max().orElseThrow();
    try (StateStore store = StateStore.open(stateDir)) {
      List<JournalEntry> journal = journal(store);
      assertThat(store.interrupted()).as("the next run closed every interrupted intent").isEmpty();
      assertThat(interrupted)
          .as("each interrupted intent has an outcome of its own pass saying how: %s", journal)
          .allSatisfy(
              crash ->
                  assertThat(journal)
                      .filteredOn(e -> e.phase() == JournalEntry.Phase.OUTCOME)
                      .filteredOn(e -> e.passId().equals(crashedPass))
                      .filteredOn(e -> e.resource().equals(crash.resource()))
                      .singleElement()
                      .satisfies(
                          e -> assertThat(e.message()).startsWith("interrupted by a crash; ")));
      List<JournalEntry> later =
          journal.stream()
              .filter(e -> e.seq() > lastCrashed && !e.passId().equals(crashedPass))
              .toList();
      assertThat(later)
          .filteredOn(e -> e.phase() == JournalEntry.Phase.OUTCOME)
          .as("the next run did what its plan said was left, all of it OK: %s", journal)
          .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(JournalEntry.Outcome.OK))
          .extracting(JournalEntry::resource)
          .containsExactlyInAnyOrderElementsOf(
              remaining.stream().map(PlannedChange::resource).toList());
      assertThat(interrupted)
          .as("an interrupted change was finished by the next run or had completed: %s", journal)
          .allSatisfy(
              crash ->
                  assertThat(
                          remaining.stream().anyMatch(c -> c.resource().equals(crash.resource()))
                              || desiredExists(crash.resource()))
                      .isTrue());
    }
  }

  private static boolean desiredExists(String resource) {
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    return libvirt.domains().contains(name)
        || libvirt.volumes().containsKey(name)
        || NETWORKS.contains(name) && libvirt.networks().contains(name);
  }

  private static List<JournalEntry> interrupted(Path stateDir) {
    try (StateStore store = StateStore.open(stateDir)) {
      return store.interrupted();
    }
  }

  private static List<JournalEntry> journal(StateStore store) {
    List<JournalEntry> all = new ArrayList<>(store.journal(Long.MAX_VALUE, 100_000));
    all.sort(Comparator.comparingLong(JournalEntry::seq));
    return all;
  }
}
