package dev.ringmaster.reconciler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticFleetTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {20, 100, 1_000})
  void generatedFleetValidatesClean(int vms) {
    SyntheticFleet.write(dir.resolve("fleet"), vms, dir.resolve("nodes"));

    LoadResult result = FleetRepository.load(dir.resolve("fleet"), AppliedRootDisks.NONE);

    assertThat(result.diagnostics()).isEmpty();
    int vmCount = result.fleet().environments().stream().mapToInt(e -> e.vms().size()).sum();
    assertThat(vmCount).isEqualTo(SyntheticFleet.actualSize(vms));
    assertThat(result.fleet().hypervisors())
        .hasSize(
            Math.max(1, (vmCount + SyntheticFleet.VMS_PER_HOST - 1) / SyntheticFleet.VMS_PER_HOST));
  }
}
