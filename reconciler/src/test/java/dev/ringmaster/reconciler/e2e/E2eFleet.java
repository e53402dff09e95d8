package dev.ringmaster.reconciler.e2e;

import dev.ringmaster.driver.libvirt.testing.GuestImage;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * A fleet repository in a directory for end-to-end tests: one hypervisor {@link #HOST} pointing at
 * a {@link LibvirtdFixture} (TCG, direct boot of the {@link GuestImage}) and one environment of the
 * resource group {@link #GROUP} whose VMs are rewritten by {@link #writeVms}. The directory is a
 * Git work tree and every write is committed, so plans and the journal carry a real commit id.
 */
record E2eFleet(Path repo) {
  static final String HOST = "kvm01";
  static final String GROUP = "e2e";
  static final String ENV = "e2e-staging";

  /** One VM of the environment, sizes as the YAML writes them ({@code 512MiB}). */
  record Vm(String name, String memory, String disk) {}

  static E2eFleet create(Path repo, LibvirtdFixture libvirtd, GuestImage guest) {
    E2eFleet fleet = new E2eFleet(repo);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      fleet.write("hosts/" + HOST + ".yaml", hypervisor(libvirtd, guest));
      fleet.commit("add " + HOST);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
    return fleet;
  }

  static String vmName(int number) {
    return GROUP + String.format("%02d", number);
  }

  /** Rewrites the environment with these VMs and commits it; returns the new HEAD commit id. */
  String writeVms(List<Vm> vms) {
    write("environments/" + ENV + ".yaml", environment(vms));
    return commit(vms.size() + " VM(s) in " + ENV);
  }

  private String commit(String message) {
    try (Git git = Git.open(repo.toFile())) {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit()
          .setMessage(message)
          .setAuthor("e2e", "e2e@ringmaster.invalid")
          .setCommitter("e2e", "e2e@ringmaster.invalid")
          .setSign(false)
          .call()
          .getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hypervisor(LibvirtdFixture libvirtd, GuestImage guest) {
    return """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: "%s"
        storagePool: %s
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

  private static String environment(List<Vm> vms) {
    String items =
        vms.stream()
            .map(
                vm ->
                    """
                      - name: %s
                        host: %s
                        memory: %s
                        cores: 1
                        disk: %s
                        roles: [webgateway]
                    """
                        .formatted(vm.name(), HOST, vm.memory(), vm.disk()))
            .collect(Collectors.joining());
    return """
        apiVersion: ringmaster/v1
        kind: Environment
        name: %s
        resourceGroup: %s
        networks:
          fe:  { vlan: 2, ipv4: 203.0.113.0/26, ipv6: "2001:db8:2::/64" }
          srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: "2001:db8:3::/64" }
        vms:%s
        """
        .formatted(ENV, GROUP, vms.isEmpty() ? " []\n" : "\n" + items);
  }

  private void write(String relative, String content) {
    try {
      Path file = repo.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
