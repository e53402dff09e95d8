package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.driver.nixos.testing.OpenSshServer;
import dev.ringmaster.reconciler.source.TestRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * The daemon process with two hypervisors on one private libvirtd: {@code kvm01} on its local
 * socket, {@code kvm02} through {@code qemu+libssh://} to a real sshd on 127.0.0.1 (started in the
 * libvirtd's mount namespace) with {@code hostKey} pinned and {@code RINGMASTER_HYPERVISOR_SSH_KEY}
 * set. While sshd is down only kvm02's environment fails (unreachable, named), the other converges;
 * when sshd comes up the daemon's retry converges it; sshd killed with its sessions and a new
 * commit: again only kvm02's environment waits, until sshd is back.
 */
class DaemonRemoteHypervisorIT {
  private static final Duration WAIT = Duration.ofSeconds(150);
  private static final String REMOTE_POOL = "vms2";

  private static LibvirtdFixture libvirtd;

  @TempDir Path dir;

  @BeforeAll
  static void startLibvirtd() throws LibvirtException {
    libvirtd = LibvirtdFixture.start();
    Connect c = libvirtd.connect();
    try {
      StoragePool p =
          c.storagePoolDefineXML(
              "<pool type='dir'><name>"
                  + REMOTE_POOL
                  + "</name><target><path>"
                  + libvirtd.dir().resolve("pool2")
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

  @Test
  void anUnreachableRemoteHypervisorHoldsBackOnlyItsEnvironmentUntilItAnswers() throws Exception {
    Path ssh = dir.resolve("sshd");
    Files.createDirectories(ssh);
    OpenSshServer.keygen(ssh.resolve("host_ed25519"));
    OpenSshServer.keygen(ssh.resolve("client_ed25519"));
    int port = OpenSshServer.freePort();
    String hostKey = publicKey(ssh.resolve("host_ed25519.pub"));

    TestRemote remote = TestRemote.create(dir.resolve("git"));
    String first =
        remote
            .write("hosts/kvm01.yaml", hypervisor("kvm01", libvirtd.uri(), "vms", "br1", null))
            .write(
                "hosts/kvm02.yaml",
                hypervisor(
                    "kvm02",
                    "qemu+libssh://root@127.0.0.1:" + port + "/system",
                    REMOTE_POOL,
                    "br2",
                    hostKey))
            .write("environments/alpha.yaml", environment("alpha", "kvm01", 2, 1))
            .write("environments/beta.yaml", environment("beta", "kvm02", 4, 1))
            .commitAndPush("one environment on each hypervisor");
    Map<String, String> env =
        Map.of(
            "RINGMASTER_API_READ_OPEN", "true",
            "RINGMASTER_REPO_POLL_INTERVAL", "1s",
            "RINGMASTER_RECONCILE_BACKOFF_INITIAL", "1s",
            "RINGMASTER_RECONCILE_BACKOFF_MAX", "2s",
            "RINGMASTER_HYPERVISOR_SSH_KEY", ssh.resolve("client_ed25519").toString(),
            "RINGMASTER_HYPERVISOR_CONNECT_TIMEOUT", "5s");

    try (DaemonProcess daemon = DaemonProcess.start(dir, remote.url(), env)) {
      daemon.await("alpha converged", () -> result(daemon, "alpha-staging", first), WAIT);
      daemon.await(
          "beta failed naming kvm02 unreachable",
          () -> failedUnreachable(daemon, "beta-staging", first, port),
          WAIT);
      assertThat(domains()).contains("alpha00").doesNotContain("beta00");

      OpenSshServer sshd = OpenSshServer.start(ssh, port, libvirtd.mountNamespace());
      try {
        daemon.await(
            "beta converged once sshd answers", () -> result(daemon, "beta-staging", first), WAIT);
        assertThat(domains()).contains("alpha00", "beta00");
        assertThat(sshd.log()).contains("Accepted publickey");

        sshd.killWithSessions();
        String second =
            remote
                .write("environments/alpha.yaml", environment("alpha", "kvm01", 2, 2))
                .write("environments/beta.yaml", environment("beta", "kvm02", 4, 2))
                .commitAndPush("a second VM in each environment");
        daemon.await("alpha converged again", () -> result(daemon, "alpha-staging", second), WAIT);
        daemon.await(
            "beta failed again naming kvm02",
            () -> failedUnreachable(daemon, "beta-staging", second, -1),
            WAIT);
        assertThat(domains()).contains("alpha01").doesNotContain("beta01");

        sshd = OpenSshServer.start(ssh, port, libvirtd.mountNamespace());
        daemon.await("beta converged again", () -> result(daemon, "beta-staging", second), WAIT);
        assertThat(domains()).contains("alpha00", "alpha01", "beta00", "beta01");
      } finally {
        sshd.close();
      }
      assertThat(daemon.log()).doesNotContain("BEGIN OPENSSH PRIVATE KEY");
    }
  }

  private static boolean result(DaemonProcess daemon, String environment, String commit) {
    return DaemonProcessIT.converged(daemon, Set.of(environment), commit);
  }

  private static boolean failedUnreachable(
      DaemonProcess daemon, String environment, String commit, int port) {
    for (JsonNode e : daemon.json("/v1/environments").path("environments")) {
      if (e.path("name").asText().equals(environment)
          && commit.equals(e.path("commit").asText())
          && e.path("result").asText().equals("FAILED")) {
        String message = e.path("message").asText();
        assertThat(message).contains("hypervisor kvm02 unreachable");
        return port < 0 || message.contains("cannot reach the SSH server 127.0.0.1:" + port);
      }
    }
    return false;
  }

  private static String hypervisor(
      String name, String uri, String pool, String bridge, String hostKey) {
    return "apiVersion: ringmaster/v1\nkind: Hypervisor\nname: "
        + name
        + "\nuri: \""
        + uri
        + "\"\n"
        + (hostKey == null ? "" : "hostKey: \"" + hostKey + "\"\n")
        + "storagePool: "
        + pool
        + "\ndomainType: qemu\nbridges: { fe: "
        + bridge
        + "-fe, srv: "
        + bridge
        + "-srv }\ncapacity: { memory: 64GiB, cores: 16 }\n";
  }

  private static String environment(String group, String host, int vlan, int vms) {
    return DaemonProcessIT.environment(group, vlan, vms)
        .replace("host: kvm01", "host: " + host)
        .replace("memory: 1GiB", "memory: 512MiB\n    online: false")
        .replace("disk: 10GiB", "disk: 1GiB");
  }

  private static String publicKey(Path pub) throws java.io.IOException {
    String[] f = Files.readString(pub).trim().split(" ");
    return f[0] + " " + f[1];
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
}
