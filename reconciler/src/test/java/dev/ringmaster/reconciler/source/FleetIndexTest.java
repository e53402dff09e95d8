package dev.ringmaster.reconciler.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FleetIndexTest {
  private final AtomicInteger reads = new AtomicInteger();

  private TreeFile file(String path, String text, String blobId) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new TreeFile(
        path,
        bytes.length,
        () -> {
          reads.incrementAndGet();
          return bytes.clone();
        },
        blobId);
  }

  private static String env(String name, String host) {
    return "apiVersion: ringmaster/v1\nkind: Environment\nname: "
        + name
        + "\nvms:\n  - name: x00\n    host: "
        + host
        + "\n";
  }

  @Test
  void rereadsOnlyFilesWhosePathOrBlobIsNew() {
    TreeFile a = file("environments/a.yaml", env("a", "kvm01"), "blob-a");
    TreeFile b = file("environments/b.yaml", env("b", "kvm02"), "blob-b");
    TreeFile host = file("hosts/kvm01.yaml", "kind: Hypervisor\nname: kvm01\n", "blob-h");
    FleetIndex.of(List.of(a, b, host));
    reads.set(0);

    TreeFile b2 = file("environments/b.yaml", env("b", "kvm03"), "blob-b2");
    TreeFile renamed = file("environments/a2.yaml", env("a", "kvm01"), "blob-a");
    FleetIndex index = FleetIndex.of(List.of(renamed, b2, host));

    assertThat(reads.get()).isEqualTo(2);
    assertThat(index.environments()).isEqualTo(Set.of("a", "b"));
    assertThat(index.hostsOf("b")).isEqualTo(Set.of("kvm03"));
    assertThat(index.environmentsIn("environments/a2.yaml")).isEqualTo(Set.of("a"));
    assertThat(index.environmentsIn("environments/a.yaml")).isEmpty();
    assertThat(index.hypervisorsIn("hosts/kvm01.yaml")).isEqualTo(Set.of("kvm01"));
  }

  @Test
  void aResourceGroupFileTouchesEveryEnvironmentOfItsGroup() {
    TreeFile prod =
        file(
            "environments/p.yaml",
            env("myapp-production", "kvm01") + "resourceGroup: myapp\n",
            null);
    TreeFile staging =
        file("environments/s.yaml", env("myapp-staging", "kvm01") + "resourceGroup: myapp\n", null);
    TreeFile shop =
        file(
            "environments/shop.yaml",
            env("shop-production", "kvm01") + "resourceGroup: shop\n",
            null);
    TreeFile group = file("resource-groups/myapp.yaml", "kind: ResourceGroup\nname: myapp\n", null);
    FleetIndex without = FleetIndex.of(List.of(prod, staging, shop));
    FleetIndex with = FleetIndex.of(List.of(prod, staging, shop, group));

    assertThat(FleetIndex.isFleetFile("resource-groups/myapp.yaml")).isTrue();
    assertThat(with.environmentsIn("resource-groups/myapp.yaml"))
        .isEqualTo(Set.of("myapp-production", "myapp-staging"));
    // a new group file (absent before) and a removed one (absent after) both touch the group
    assertThat(without.environmentsIn("resource-groups/myapp.yaml")).isEmpty();
    Set<String> both = Set.of("myapp-production", "myapp-staging");
    assertThat(new Affected(without, with).of(List.of("resource-groups/myapp.yaml")))
        .isEqualTo(both);
    assertThat(new Affected(with, without).of(List.of("resource-groups/myapp.yaml")))
        .isEqualTo(both);
    assertThat(new Affected(with, with).of(List.of("resource-groups/myapp.yaml"))).isEqualTo(both);
  }

  @Test
  void filesWithoutABlobIdAreAlwaysRead() {
    TreeFile a = file("environments/a.yaml", env("a", "kvm01"), null);
    FleetIndex.of(List.of(a));
    FleetIndex index = FleetIndex.of(List.of(a));
    assertThat(reads.get()).isEqualTo(2);
    assertThat(index.hostsOf("a")).isEqualTo(Set.of("kvm01"));
  }

  @Test
  void anUnreadableFileStaysUnreadableWhenReused() {
    TreeFile bad = file("environments/bad.yaml", "name: [unclosed\n", "blob-bad");
    FleetIndex.of(List.of(bad));
    FleetIndex index = FleetIndex.of(List.of(bad));
    assertThat(index.unreadable()).containsExactly("environments/bad.yaml");
  }
}
