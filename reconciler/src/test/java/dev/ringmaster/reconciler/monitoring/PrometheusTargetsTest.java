package dev.ringmaster.reconciler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.load.IncrementalLoader;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.load.SourceFile;
import dev.ringmaster.model.load.VersionedFile;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTargetsTest {
  static Fleet fleet() {
    String host =
        "apiVersion: ringmaster/v1\nkind: Hypervisor\nname: kvm01\nuri: test:///default\n"
            + "storagePool: default-pool\nbridges: { fe: br-fe, srv: br-srv }\n"
            + "capacity: { memory: 64GiB, cores: 16 }\n";
    String env =
        "apiVersion: ringmaster/v1\nkind: Environment\nname: shop-production\n"
            + "resourceGroup: shop\nproduction: true\nlocation: whq\nnetworks:\n"
            + "  fe:  { vlan: 6, ipv4: 203.0.113.96/28 }\n  srv: { vlan: 7, ipv4: 10.7.0.0/24 }\n"
            + "vms:\n"
            + "  - { name: shop00, host: kvm01, memory: 1GiB, cores: 1, disk: 10GiB, roles: [redis] }\n"
            + "  - { name: shop01, host: kvm01, memory: 1GiB, cores: 1, disk: 10GiB, online: false }\n";
    LoadResult r =
        new IncrementalLoader()
            .load(
                List.of(
                    new VersionedFile(SourceFile.of("hosts/kvm01.yaml", host), "1"),
                    new VersionedFile(SourceFile.of("environments/shop.yaml", env), "2")),
                AppliedRootDisks.NONE);
    assertThat(r.errors()).isEmpty();
    return r.fleet();
  }

  @Test
  void everyRunningVmIsANodeExporterTargetOnItsSrvAddress() {
    List<Map<String, Object>> groups = PrometheusTargets.of(fleet());
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0))
        .containsEntry("targets", List.of("10.7.0.10:9100"))
        .containsEntry(
            "labels",
            Map.of(
                "resource_group", "shop",
                "environment", "shop-production",
                "vm", "shop00",
                "roles", ",redis,",
                "hypervisor", "kvm01",
                "production", "true"));
  }
}
