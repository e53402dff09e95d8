package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.BackupFixture;
import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.spi.BackupConsistency;
import dev.ringmaster.driver.spi.DiskRole;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Size;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running Debian 12 guest with the QEMU guest agent (the image of {@code
 * scripts/build-guest-image.sh}) on the real private libvirtd, in the domain XML Ringmaster
 * renders: its backup is {@code frozen}, the guest's own journal shows the agent's freeze (the
 * agent logs nothing while frozen, so the thaw shows as the freeze status {@code thawed} and a root
 * file system that takes a synced write again).
 */
class GuestFreezeIT {
  private static final String VM = "frz00";
  private static final String BACKUPS = BackupFixture.BACKUPS;
  private static final Duration BUILD = Duration.ofMinutes(20);
  private static final Duration AGENT = Duration.ofMinutes(8);

  @RegisterExtension
  static final BackupFixture fixture =
      BackupFixture.forVm(
          VM,
          l -> {
            Path cache = buildImage();
            Files.copy(
                cache.resolve("root.qcow2"),
                l.poolPath().resolve(DiskRole.ROOT.volumeName(VM)),
                StandardCopyOption.REPLACE_EXISTING);
            BackupFixture.refreshPool(l, LibvirtdFixture.POOL);
            return new Hypervisor.DirectBoot(
                cache.resolve("vmlinuz").toString(),
                cache.resolve("initrd.img").toString(),
                "root=/dev/vda rw console=ttyS0");
          });

  @Test
  void aGuestWithTheAgentIsFrozenForItsBackup() throws Exception {
    fixture.ensureNetworks();
    fixture.driver().defineDomain(domain());
    fixture.driver().startDomain(VM);
    awaitAgent();

    ObservedBackup b = fixture.take(Instant.parse("2026-01-02T01:30:00Z"));

    assertThat(b.consistency()).isEqualTo(BackupConsistency.FROZEN);
    assertThat(fixture.backups().list(BACKUPS)).containsExactly(b);
    assertThat(agent("{\"execute\":\"guest-fsfreeze-status\"}"))
        .as("the guest's file systems are thawed after the backup began")
        .contains("\"thawed\"");
    String journal = guestExec("journalctl", "--no-pager", "-o", "cat", "-t", "qemu-ga");
    assertThat(journal).as("the guest agent's journal").contains("guest-fsfreeze called");
    assertThat(
            guestExec(
                "/bin/sh",
                "-c",
                "echo written > /var/tmp/after-backup && sync && cat /var/tmp/after-backup"))
        .as("the root file system takes writes again (a frozen one blocks them)")
        .isEqualTo("written\n");
    Path data = fixture.backupDir().resolve(b.volume());
    assertThat(Daemons.run(Duration.ofMinutes(1), List.of("qemu-img", "check", data.toString())))
        .contains("No errors were found");
    fixture.driver().deleteDomain(VM, Duration.ofSeconds(60));
  }

  private static Path buildImage() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("scripts/build-guest-image.sh"))) {
      p = p.getParent();
    }
    assertThat(p).as("inside the Ringmaster repository").isNotNull();
    String out =
        Daemons.run(BUILD, List.of(p.resolve("scripts/build-guest-image.sh").toString())).trim();
    return Path.of(out.lines().reduce((a, b) -> b).orElseThrow().trim());
  }

  private static void awaitAgent() throws InterruptedException {
    long deadline = System.nanoTime() + AGENT.toNanos();
    while (true) {
      try {
        agent("{\"execute\":\"guest-ping\"}");
        return;
      } catch (RuntimeException e) {
        assertThat(System.nanoTime())
            .as("the guest agent answered within %s: %s", AGENT, e.getMessage())
            .isLessThan(deadline);
        Thread.sleep(2000);
      }
    }
  }

  private static String agent(String command) {
    return Daemons.run(
        Duration.ofSeconds(60),
        List.of("virsh", "-c", fixture.libvirtd().uri(), "qemu-agent-command", VM, command));
  }

  /** Runs a command in the guest through the agent's guest-exec and returns its stdout. */
  private static String guestExec(String path, String... args) throws InterruptedException {
    StringBuilder json =
        new StringBuilder("{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"");
    json.append(path).append("\",\"arg\":[");
    List<String> quoted = new ArrayList<>();
    for (String a : args) {
      quoted.add("\"" + a + "\"");
    }
    json.append(String.join(",", quoted)).append("],\"capture-output\":true}}");
    Matcher pid = Pattern.compile("\"pid\":(\\d+)").matcher(agent(json.toString()));
    assertThat(pid.find()).isTrue();
    String status =
        "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid.group(1) + "}}";
    for (int i = 0; i < 60; i++) {
      String out = agent(status);
      if (out.contains("\"exited\":true")) {
        Matcher data = Pattern.compile("\"out-data\":\"([^\"]*)\"").matcher(out);
        return data.find()
            ? new String(Base64.getDecoder().decode(data.group(1)), StandardCharsets.UTF_8)
            : "";
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("guest-exec of " + path + " did not end");
  }

  private static DomainResource domain() {
    return fixture.domain(
        Size.mib(512),
        List.of(
            new DomainResource.Disk(
                DiskRole.ROOT, LibvirtdFixture.POOL, DiskRole.ROOT.volumeName(VM))),
        "09");
  }
}
