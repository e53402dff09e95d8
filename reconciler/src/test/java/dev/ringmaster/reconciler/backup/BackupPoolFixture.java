package dev.ringmaster.reconciler.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A libvirt {@code test:///} node file whose dir pool {@code backups} holds backups of {@code
 * kvm01} as Ringmaster names them, plus a foreign volume, and a fleet repository pointing at it:
 * every connection to {@code test:///<file>} starts from this state, so a CLI run and the daemon
 * see the same pool without a libvirtd.
 */
public final class BackupPoolFixture {
  /**
   * Backup times of myapp00 (crash: a full one without agent channel, then an incremental one whose
   * agent did not answer), myapp01 (frozen) and gone00 (not in the fleet, crash without a reason).
   */
  public static final List<String> VOLUMES =
      List.of(
          "ringmaster-backup.kvm01.myapp00.20260101T013000Z.qcow2",
          "ringmaster-backup.kvm01.myapp00.20260101T013000Z.crash-noagent",
          "ringmaster-backup.kvm01.myapp00.20260102T013000Z.qcow2",
          "ringmaster-backup.kvm01.myapp00.20260102T013000Z.crash-agent-qemu-guest-agent-is-not"
              + "-connected.20260101T013000Z",
          "ringmaster-backup.kvm01.myapp01.20260102T020000Z.qcow2",
          "ringmaster-backup.kvm01.myapp01.20260102T020000Z.frozen",
          "ringmaster-backup.kvm01.myapp01.20260103T020000Z.qcow2",
          "ringmaster-backup.kvm01.gone00.20251201T010000Z.qcow2",
          "ringmaster-backup.kvm01.gone00.20251201T010000Z.crash",
          "someone-elses.qcow2");

  private BackupPoolFixture() {}

  /** Writes the node file and the fleet repository under {@code dir}; returns the repository. */
  public static Path write(Path dir) {
    try {
      Path node = Files.createDirectories(dir).resolve("node.xml");
      StringBuilder volumes = new StringBuilder();
      for (String v : VOLUMES) {
        volumes
            .append("<volume><name>")
            .append(v)
            .append("</name><capacity>1048576</capacity><allocation>0</allocation></volume>");
      }
      Files.writeString(
          node,
          "<node><pool type='dir'><name>backups</name><target><path>/backups</path></target>"
              + volumes
              + "</pool><pool type='dir'><name>vms</name><target><path>/vms</path></target>"
              + "</pool></node>");
      Path repo = Files.createDirectories(dir.resolve("repo"));
      Files.createDirectories(repo.resolve("hosts"));
      Files.createDirectories(repo.resolve("environments"));
      Files.writeString(
          repo.resolve("hosts/kvm01.yaml"),
          """
          apiVersion: ringmaster/v1
          kind: Hypervisor
          name: kvm01
          uri: "test://%s"
          storagePool: vms
          backupPool: backups
          bridges: { fe: br-fe, srv: br-srv }
          capacity: { memory: 64GiB, cores: 16 }
          """
              .formatted(node));
      Files.writeString(
          repo.resolve("environments/myapp.yaml"),
          """
          apiVersion: ringmaster/v1
          kind: Environment
          name: myapp-prod
          resourceGroup: myapp
          networks:
            fe:  { vlan: 2, ipv4: 203.0.113.0/26, ipv6: "2001:db8:2::/64" }
            srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: "2001:db8:3::/64" }
          vms:
            - { name: myapp00, host: kvm01, memory: 1GiB, cores: 1, disk: 10GiB }
            - { name: myapp01, host: kvm01, memory: 1GiB, cores: 1, disk: 10GiB, backup: frequent }
            - { name: myapp02, host: kvm01, memory: 1GiB, cores: 1, disk: 10GiB }
            - { name: myapp03, host: kvm01, memory: 1GiB, cores: 1, disk: 10GiB, backup: none }
          """);
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
