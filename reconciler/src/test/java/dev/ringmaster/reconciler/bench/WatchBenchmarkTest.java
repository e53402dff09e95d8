package dev.ringmaster.reconciler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observation benchmark's pieces at a tiny size on libvirt's test driver: every figure is
 * measured (none missing or negative) and each hand-made change is seen by the daemon.
 */
class WatchBenchmarkTest {
  @Test
  void oneHostPartMeasuresEveryFigureAt20Vms(@TempDir Path work) throws Exception {
    WatchBenchmark.Figures f =
        WatchBenchmark.oneHost(10, "test:///default", "default-pool", work, 3);

    assertThat(f.values())
        .containsEntry("vms", 20L)
        .containsEntry("environments", 2L)
        .containsEntry("driftChanges", 3L)
        .containsEntry("driftMissed", 0L);
    // 20 domains, their volumes, the pool, plus test:///default's own domain and network
    assertThat(f.values().get("bulkObjects")).isGreaterThanOrEqualTo(41L);
    assertThat(f.values().get("restartAllPassedMs"))
        .isGreaterThanOrEqualTo(f.values().get("startupMs"));
    assertThat(f.values().get("driftMedianMs")).isNotNegative();
    assertThat(WatchBenchmark.Figures.decode(f.encode()))
        .isEqualTo(new WatchBenchmark.Figures(f.values(), java.util.List.of()));
  }

  @Test
  void fleetPartMeasuresAResyncAndResidentMemory(@TempDir Path work) throws Exception {
    WatchBenchmark.Figures f = WatchBenchmark.fleet(10, work);

    assertThat(f.values()).containsEntry("vms", 20L).containsEntry("hypervisors", 1L);
    assertThat(f.values().get("resyncMs")).isNotNegative();
    assertThat(f.values().get("rssMiB")).isPositive();
  }
}
