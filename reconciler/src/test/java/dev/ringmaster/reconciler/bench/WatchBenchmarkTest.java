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
  void tableShowsEveryFigureWithItsRatioAndMarksMisses() {
    var host =
        java.util.Map.of(
            "vms",
            1000L,
            "environments",
            100L,
            "bulkObjects",
            4103L,
            "bulkReadMs",
            700L,
            "startupMs",
            1000L,
            "restartAllPassedMs",
            24300L,
            "driftChanges",
            9L,
            "driftMissed",
            0L,
            "driftMedianMs",
            350L,
            "driftMaxMs",
            600L);
    var fleet =
        java.util.Map.of(
            "vms",
            10000L,
            "environments",
            1000L,
            "hypervisors",
            20L,
            "webhookMs",
            248L,
            "resyncMs",
            1500L,
            "rssMiB",
            600L);

    String table = WatchReport.table(host, fleet, "machine: test");

    assertThat(table.lines().filter(l -> l.startsWith("| ")).count())
        .isEqualTo(8); // header, separator, six figures
    assertThat(table)
        .contains("| 24,300 ms | ≤ 2 × (startup + bulk read) = 3,400 ms | 34.7 | **no** |")
        .contains("| 350 ms | < 1 s | 0.5 | yes |")
        .contains("| 1,500 ms | < 2 s | 0.2 (to the bulk read × 10) | yes |")
        .contains("| 600 MiB | < 512 MiB | – | **no** |")
        .endsWith("machine: test\n");
  }

  @Test
  void tableNamesTheLibvirtdsMemoryBesideTheDaemonsOwn() {
    var host =
        java.util.Map.of(
            "vms",
            20L,
            "environments",
            2L,
            "bulkObjects",
            103L,
            "bulkReadMs",
            30L,
            "startupMs",
            110L,
            "restartAllPassedMs",
            597L,
            "driftChanges",
            9L,
            "driftMissed",
            0L,
            "driftMedianMs",
            66L,
            "driftMaxMs",
            86L);
    var fleet =
        java.util.Map.of(
            "vms",
            40L,
            "environments",
            4L,
            "hypervisors",
            1L,
            "webhookMs",
            219L,
            "resyncMs",
            66L,
            "rssMiB",
            203L,
            "libvirtdRssMiB",
            26L);

    String table = WatchReport.table(host, fleet, "machine: test");

    assertThat(table)
        .contains("40 VMs on 1 hypervisor, 4 environments")
        .contains("(the daemon's own process; the libvirtd beside it: 26 MiB) | 203 MiB |");
  }
}
