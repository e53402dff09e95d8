package dev.ringmaster.reconciler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.DomainStatsReader.DomainStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringTextTest {
  static DomainStats stats(String name) {
    return new DomainStats(
        name, 1, 2_500_000_000L, 2, 1048576, 1048576, 500000, 10, 20, 1, 2, 100, 200, 3, 4);
  }

  @Test
  void everyVmHasAFixedSetOfSeriesWithThreeLabels() {
    VmStatsCache.Reading up =
        new VmStatsCache.Reading(
            "kvm01",
            List.of(stats("a00"), stats("x\"y")),
            null,
            Instant.EPOCH,
            Duration.ofMillis(3),
            7);
    VmStatsCache.Reading down =
        new VmStatsCache.Reading(
            "kvm02", List.of(), "unreachable", Instant.EPOCH, Duration.ZERO, 1);
    String text = VmMetricsText.render(List.of(up, down), Map.of("a00", "a-prod"));
    List<String> samples = text.lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(samples).hasSize(15 * 2 + 3 * 2);
    assertThat(text)
        .contains(
            "ringmaster_vm_cpu_seconds_total{hypervisor=\"kvm01\",environment=\"a-prod\",vm=\"a00\"} 2.5")
        .contains(
            "ringmaster_vm_memory_bytes{hypervisor=\"kvm01\",environment=\"a-prod\",vm=\"a00\"} 1073741824")
        .contains("vm=\"x\\\"y\"")
        .contains("ringmaster_vm_stats_up{hypervisor=\"kvm02\"} 0")
        .contains("ringmaster_vm_stats_reads_total{hypervisor=\"kvm01\"} 7");
    assertThat(samples).allMatch(l -> l.matches("ringmaster_vm_[a-z_]+\\{[^}]*\\} [0-9.E-]+"));
  }
}
