package dev.ringmaster.reconciler.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetTargetTest {
  @Test
  void libvirtdTargetPointsEachHypervisorAtItsDaemonAndMakesEveryVmDefineOnly(@TempDir Path work)
      throws Exception {
    Path root = work.resolve("fleet");
    SyntheticFleet.write(root, 1000, work.resolve("nodes"));
    List<String> uris =
        List.of("qemu:///system?socket=/tmp/a/sock", "qemu:///system?socket=/tmp/b/sock");

    FleetTarget.libvirtd(uris, "vms").retarget(root);

    assertThat(Files.readString(root.resolve("hosts/kvm001.yaml")))
        .contains("uri: \"qemu:///system?socket=/tmp/b/sock\"")
        .contains("storagePool: vms");
    String env = Files.readString(root.resolve("environments/appaaaa-staging.yaml"));
    assertThat(env.split("online: false", -1)).hasSize(SyntheticFleet.VMS_PER_ENV + 1);
    assertThat(env).doesNotContain("20GiB").contains("    disk: 64MiB\n    online: false\n");
    assertThat(BenchSupport.load(root).fleet().hypervisors()).hasSize(2);
  }

  @Test
  void refusesADifferentNumberOfDaemonsThanHypervisors(@TempDir Path work) {
    Path root = work.resolve("fleet");
    SyntheticFleet.write(root, 1000, work.resolve("nodes"));

    assertThatThrownBy(() -> FleetTarget.libvirtd(List.of("qemu:///system"), "vms").retarget(root))
        .hasMessageContaining("2 hypervisors but 1 libvirtds");
  }
}
