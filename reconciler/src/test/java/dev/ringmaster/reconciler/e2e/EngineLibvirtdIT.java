package dev.ringmaster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import dev.ringmaster.reconciler.e2e.Cli.PlannedChange;
import dev.ringmaster.reconciler.e2e.Cli.Run;
import dev.ringmaster.reconciler.e2e.E2eFleet.Vm;
import dev.ringmaster.reconciler.testing.LibvirtView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One VM through its life by the {@code ringmaster} CLI against a real libvirtd with QEMU (TCG):
 * create and boot, live root disk grow, a memory change that waits for {@code --allow-restart}, a
 * removal that waits for {@code --allow-destroy}. Every effect is checked on libvirt directly.
 */
class EngineLibvirtdIT {
  private static final String VM = E2eFleet.vmName(0);
  private static final String DOMAIN = "domain/" + E2eFleet.HOST + "/" + VM;
  private static final String VOLUME = "volume/" + E2eFleet.HOST + "/";
  private static final String ROOT = VOLUME + VM + "-root";
  private static final List<String> VOLUMES =
      List.of(VM + "-root", VM + "-swap", VM + "-tmp", VM + "-seed");
  private static final Duration BOOT = Duration.ofMinutes(3);
  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024 * MIB;

  private static LibvirtdFixture libvirtd;
  private static GuestImage guest;

  @TempDir Path repo;
  @TempDir Path work;

  private E2eFleet fleet;
  private Cli cli;
  private LibvirtView libvirt;

  @BeforeAll
  static void startLibvirtd() {
    libvirtd = LibvirtdFixture.start();
    guest = GuestImage.prepare(libvirtd.dir());
  }

  @AfterAll
  static void stopLibvirtd() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void oneVmThroughItsLifeByTheCli() {
    fleet = E2eFleet.create(repo, libvirtd, guest);
    cli = new Cli(repo, work.resolve("state"));
    libvirt = new LibvirtView(libvirtd);

    createAndBoot();
    growRootDiskWhileRunning();
    changeMemoryOnlyWithAllowRestart();
    removeOnlyWithAllowDestroy();
  }

  private void createAndBoot() {
    fleet.writeVms(List.of(new Vm(VM, "512MiB", "1GiB")));
    assertThat(cli.plan()).extracting(PlannedChange::action).containsOnly("CREATE").hasSize(7);

    Run apply = cli.run("apply");
    assertThat(apply.status()).as(apply.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(apply.out()).contains("create " + DOMAIN + " ... ok");
    assertThat(libvirt.domain(VM).orElseThrow().running()).isTrue();
    assertThat(libvirt.volumes()).containsOnlyKeys(VOLUMES).containsEntry(VM + "-root", GIB);
    libvirt.awaitSerialLine(VM, GuestImage.MARKER, BOOT);
    assertThat(cli.plan()).isEmpty();
  }

  private void growRootDiskWhileRunning() {
    fleet.writeVms(List.of(new Vm(VM, "512MiB", "2GiB")));
    assertThat(cli.plan()).containsExactly(new PlannedChange(ROOT, "UPDATE", "live"));

    Run apply = cli.run("apply");
    assertThat(apply.status()).as(apply.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(libvirt.volumes()).containsEntry(VM + "-root", 2 * GIB);
    assertThat(libvirt.blockCapacity(VM, "vda")).as("the running guest sees it").isEqualTo(2 * GIB);
    assertThat(libvirt.domain(VM).orElseThrow().running()).isTrue();
    assertThat(cli.plan()).isEmpty();
  }

  private void changeMemoryOnlyWithAllowRestart() {
    fleet.writeVms(List.of(new Vm(VM, "768MiB", "2GiB")));
    assertThat(cli.plan()).containsExactly(new PlannedChange(DOMAIN, "UPDATE", "restart"));

    Run skipped = cli.run("apply");
    assertThat(skipped.status()).as(skipped.describe()).isEqualTo(RingmasterCli.CHANGES);
    assertThat(skipped.out()).contains("skipped").contains("--allow-restart");
    LibvirtView.DomainFacts unchanged = libvirt.domain(VM).orElseThrow();
    assertThat(unchanged.running()).isTrue();
    assertThat(unchanged.liveMemoryKib()).isEqualTo(512 * 1024);
    assertThat(unchanged.persistentXml()).contains(">524288</memory>");
    assertThat(libvirt.qemuLog(VM)).doesNotContain("shutting down");

    Run restarted =
        cli.run("apply", "--allow-restart", "--now", E2eFleet.ENV, "--shutdown-timeout", "120");
    assertThat(restarted.status()).as(restarted.describe()).isEqualTo(RingmasterCli.OK);
    LibvirtView.DomainFacts after = libvirt.domain(VM).orElseThrow();
    assertThat(after.running()).isTrue();
    assertThat(after.liveMemoryKib()).isEqualTo(768 * 1024);
    assertThat(libvirt.qemuLog(VM))
        .as("ACPI shutdown, not destroy")
        .contains("shutting down, reason=shutdown")
        .doesNotContain("reason=destroyed");
    libvirt.awaitSerialLine(VM, GuestImage.MARKER, BOOT);
    assertThat(cli.plan()).isEmpty();
  }

  private void removeOnlyWithAllowDestroy() {
    fleet.writeVms(List.of());
    assertThat(cli.plan())
        .filteredOn(c -> !c.resource().startsWith("network/"))
        .containsExactlyInAnyOrder(
            new PlannedChange(DOMAIN, "DELETE", "destructive"),
            new PlannedChange(ROOT, "DELETE", "destructive"),
            new PlannedChange(VOLUME + VM + "-swap", "DELETE", "destructive"),
            new PlannedChange(VOLUME + VM + "-tmp", "DELETE", "destructive"),
            new PlannedChange("seed/" + E2eFleet.HOST + "/" + VM, "DELETE", "destructive"));

    Run refused = cli.run("apply");
    assertThat(refused.status()).as(refused.describe()).isEqualTo(RingmasterCli.CHANGES);
    assertThat(refused.out()).contains("--allow-destroy");
    assertThat(libvirt.domain(VM)).isPresent();
    assertThat(libvirt.volumes()).containsKeys(VOLUMES.toArray(String[]::new));

    Run destroyed = cli.run("apply", "--allow-destroy");
    assertThat(destroyed.status()).as(destroyed.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(libvirt.domains()).isEmpty();
    assertThat(libvirt.volumes()).isEmpty();
    assertThat(libvirt.networks()).noneMatch(n -> n.startsWith("ringmaster-"));
    assertThat(cli.plan()).isEmpty();
  }
}
