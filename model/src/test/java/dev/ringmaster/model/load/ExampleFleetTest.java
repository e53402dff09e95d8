package dev.ringmaster.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Backup;
import dev.ringmaster.model.DriftPolicy;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExampleFleetTest {
  static final Path EXAMPLE = Path.of("..", "examples", "fleet");

  private final LoadResult result = FleetRepository.load(EXAMPLE, AppliedRootDisks.NONE);
  private final Fleet fleet = result.fleet();

  @Test
  void validatesClean() {
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.hasErrors()).isFalse();
  }

  @Test
  void loadsTheSameFromBlobsAsFromACheckout() throws java.io.IOException {
    List<SourceFile> blobs;
    try (Stream<Path> paths = Files.walk(EXAMPLE)) {
      blobs =
          paths
              .filter(Files::isRegularFile)
              .map(p -> SourceFile.of(EXAMPLE.relativize(p).toString(), read(p)))
              .toList();
    }
    LoadResult fromBlobs = FleetRepository.load(blobs, AppliedRootDisks.NONE);
    assertThat(fromBlobs.diagnostics()).isEmpty();
    assertThat(fromBlobs.fleet().environments()).isEqualTo(fleet.environments());
    assertThat(fromBlobs.fleet().hypervisors()).isEqualTo(fleet.hypervisors());
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void hasTheExpectedCounts() {
    assertThat(fleet.hypervisors()).extracting(Hypervisor::name).containsExactly("kvm01", "kvm02");
    assertThat(fleet.environments())
        .extracting(Environment::name)
        .containsExactly("myapp-production", "myapp-staging", "shop-production", "shop-staging");
    assertThat(fleet.environments().stream().mapToInt(e -> e.vms().size()).sum()).isEqualTo(7);
  }

  @Test
  void readsHypervisors() {
    Hypervisor kvm01 = fleet.hypervisor("kvm01").orElseThrow();
    assertThat(kvm01.uri()).isEqualTo("test:///default");
    assertThat(kvm01.storagePool()).isEqualTo("default-pool");
    assertThat(kvm01.bridges()).isEqualTo(new Hypervisor.Bridges("br01-fe", "br01-srv"));
    assertThat(kvm01.capacity()).isEqualTo(new Hypervisor.Capacity(Size.gib(256), 64));
    assertThat(kvm01.domainType()).isEqualTo("kvm");
    assertThat(kvm01.baseImage()).isNull();
    assertThat(fleet.hypervisor("kvm02").orElseThrow().bridges().of(NetworkKind.SRV))
        .isEqualTo("br02-srv");
  }

  @Test
  void readsEnvironmentsWithDefaults() {
    Environment production = fleet.environment("shop-production").orElseThrow();
    assertThat(production.production()).isTrue();
    assertThat(production.maintenance())
        .isEqualTo(
            new Maintenance(
                LocalTime.of(2, 0),
                LocalTime.of(4, 0),
                Maintenance.DEFAULT.timezone(),
                Duration.ofDays(2)));
    Environment staging = fleet.environment("myapp-staging").orElseThrow();
    assertThat(staging.maintenance()).isEqualTo(Maintenance.DEFAULT);
    assertThat(staging.backup()).isEqualTo(Backup.DEFAULT);
    assertThat(staging.driftPolicy()).isEqualTo(DriftPolicy.REPORT);
    assertThat(staging.protectedEnv()).isFalse();
    assertThat(staging.users()).hasSize(3);
    assertThat(fleet.environment("myapp-production").orElseThrow().protectedEnv()).isTrue();
  }

  @Test
  void readsVms() {
    VmSpec shop01 = fleet.environment("shop-production").orElseThrow().vm("shop01").orElseThrow();
    assertThat(shop01.memory()).isEqualTo(Size.gib(16));
    assertThat(shop01.cores()).isEqualTo(8);
    assertThat(shop01.disk()).isEqualTo(Size.gib(200));
    assertThat(shop01.tmp()).isEqualTo(Size.gib(20));
    assertThat(shop01.swap()).isNull();
    assertThat(shop01.roles()).containsExactly("percona80");
    assertThat(shop01.protectedVm()).isTrue();
    assertThat(shop01.online()).isTrue();
  }

  @Test
  void recordsSourcePositions() {
    Environment env = fleet.environment("myapp-production").orElseThrow();
    assertThat(env.source().at("vms[1].memory"))
        .isEqualTo(new Position("environments/myapp-production.yaml", 33, 13));
    assertThat(env.source().at("name"))
        .isEqualTo(new Position("environments/myapp-production.yaml", 3, 7));
  }
}
