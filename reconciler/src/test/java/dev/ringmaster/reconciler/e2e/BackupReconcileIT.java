package dev.ringmaster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.cli.RingmasterCli;
import dev.ringmaster.reconciler.e2e.Cli.PlannedChange;
import dev.ringmaster.reconciler.e2e.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * Backups reconciled by the CLI against a real libvirtd with a TCG guest: the first apply takes the
 * running VM's backup in its chain after the domain, a second plan has nothing to do, a backup
 * deleted by hand is drift and is taken again, and a VM removed from the fleet keeps its backups.
 */
class BackupReconcileIT {
  private static final String HOST = "kvm01";
  private static final String VM = "bk00";
  private static final String ENV = "bk-staging";
  private static final String KEPT = "bk01";
  private static final String BACKUP = "backup/" + HOST + "/" + VM;
  private static final String KEPT_BACKUP = "backup/" + HOST + "/" + KEPT;
  private static LibvirtdFixture libvirtd;
  private static GuestImage guest;

  @TempDir Path repo;
  @TempDir Path work;

  @BeforeAll
  static void start() throws Exception {
    libvirtd = LibvirtdFixture.start();
    guest = GuestImage.prepare(libvirtd.dir());
    Connect c = libvirtd.connect();
    try {
      StoragePool pool =
          c.storagePoolDefineXML(
              "<pool type='dir'><name>backups</name><target><path>"
                  + backupDir()
                  + "</path></target></pool>",
              0);
      pool.build(0);
      pool.create(0);
      pool.free();
    } finally {
      c.close();
    }
  }

  @AfterAll
  static void stop() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void backupsAreTakenCheckedForDriftAndKeptAfterTheVmIsRemoved() throws Exception {
    Cli cli = new Cli(repo, work.resolve("state"));
    write("hosts/" + HOST + ".yaml", hypervisor());
    write("environments/" + ENV + ".yaml", environment(true));
    commit("one VM with backups");

    assertThat(cli.plan())
        .contains(
            new PlannedChange(BACKUP, "CREATE", "live"),
            new PlannedChange(KEPT_BACKUP, "CREATE", "live"));
    Run apply = cli.run("apply");
    assertThat(apply.status()).as(apply.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(apply.out())
        .contains("create " + BACKUP + " ... ok")
        .contains("create " + KEPT_BACKUP + " ... ok");
    List<String> first = backupFiles(VM);
    assertThat(first)
        .hasSize(2)
        .anyMatch(n -> n.contains(".crash-agent-"))
        .anyMatch(n -> n.endsWith(".qcow2"));
    assertThat(backupFiles(KEPT)).as("the shut-off VM's volume copy").hasSize(2);
    assertThat(cli.plan()).as("the backup of today is there").isEmpty();
    assertThat(cli.run("drift").status()).isZero();

    for (String name : first) {
      Files.delete(backupDir().resolve(name));
    }
    Run drift = cli.run("drift");
    assertThat(drift.status()).as(drift.describe()).isEqualTo(RingmasterCli.CHANGES);
    assertThat(drift.out()).contains(BACKUP).contains("backups");
    assertThat(cli.plan()).containsExactly(new PlannedChange(BACKUP, "UPDATE", "live"));
    Run again = cli.run("apply");
    assertThat(again.status()).as(again.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(backupFiles(VM)).hasSize(2);
    assertThat(cli.run("drift").status()).isZero();

    write("environments/" + ENV + ".yaml", environment(false));
    commit("VM removed");
    assertThat(cli.plan()).contains(new PlannedChange(BACKUP, "UPDATE", "live"));
    assertThat(cli.run("plan").out())
        .contains("VM removed from the fleet: its backups are kept until");
    Run removed = cli.run("apply", "--allow-destroy");
    assertThat(removed.status()).as(removed.describe()).isEqualTo(RingmasterCli.OK);
    assertThat(removed.out()).contains("update " + BACKUP + " ... ok");
    assertThat(backupFiles(VM)).as("kept for the purge period").hasSize(2);
    assertThat(cli.plan()).isEmpty();
  }

  private static Path backupDir() {
    return libvirtd.dir().resolve("backups");
  }

  private static List<String> backupFiles(String vm) throws IOException {
    try (Stream<Path> files = Files.list(backupDir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("ringmaster-backup." + HOST + "." + vm + "."))
          .sorted()
          .toList();
    }
  }

  private static String hypervisor() {
    return """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: "%s"
        storagePool: %s
        backupPool: backups
        domainType: qemu
        directBoot: { kernel: "%s", initrd: "%s", cmdline: "%s" }
        bridges: { fe: br-fe, srv: br-srv }
        capacity: { memory: 16GiB, cores: 8 }
        """
        .formatted(
            HOST,
            libvirtd.uri(),
            LibvirtdFixture.POOL,
            guest.directBoot().kernel(),
            guest.directBoot().initrd(),
            guest.directBoot().cmdline());
  }

  private static String environment(boolean withVm) {
    String kept =
        """
          - name: %s
            host: %s
            memory: 512MiB
            cores: 1
            disk: 1GiB
            online: false
        """
            .formatted(KEPT, HOST);
    String vms =
        withVm
            ? """

              - name: %s
                host: %s
                memory: 512MiB
                cores: 1
                disk: 1GiB
                backup: default
            """
                    .formatted(VM, HOST)
                + kept
            : "\n" + kept;
    return """
        apiVersion: ringmaster/v1
        kind: Environment
        name: %s
        resourceGroup: bk
        networks:
          fe:  { vlan: 2, ipv4: 203.0.113.0/26, ipv6: "2001:db8:2::/64" }
          srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: "2001:db8:3::/64" }
        vms:%s"""
        .formatted(ENV, vms);
  }

  private void write(String relative, String content) throws IOException {
    Path file = repo.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void commit(String message) {
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      git.commit()
          .setMessage(message)
          .setAuthor("it", "it@ringmaster.invalid")
          .setCommitter("it", "it@ringmaster.invalid")
          .setSign(false)
          .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }
}
