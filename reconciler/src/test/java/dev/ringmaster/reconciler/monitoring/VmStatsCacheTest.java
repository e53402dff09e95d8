package dev.ringmaster.reconciler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-hypervisor cache over real libvirt connections ({@code test:///default}). */
class VmStatsCacheTest {
  static Hypervisor host(String name, String uri) {
    return new Hypervisor(
        name,
        uri,
        "default-pool",
        null,
        new Hypervisor.Bridges("br-fe", "br-srv"),
        new Hypervisor.Capacity(Size.gib(16), 8),
        "qemu",
        null,
        null,
        null);
  }

  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void oneBulkReadPerHypervisorPerCachePeriod() {
    ManualClock clock = new ManualClock();
    try (VmStatsCache cache = new VmStatsCache(Duration.ofSeconds(10), clock)) {
      List<Hypervisor> fleet =
          List.of(
              host("kvm01", "test:///default"),
              host("kvm02", "qemu:///system?socket=/nonexistent/libvirt-sock"));
      List<VmStatsCache.Reading> first = cache.read(fleet);
      assertThat(first.get(0).up()).isTrue();
      assertThat(first.get(0).domains()).hasSize(1);
      assertThat(first.get(1).up()).isFalse();
      assertThat(first.get(1).error()).contains("kvm02");

      clock.now = clock.now.plusSeconds(9);
      assertThat(cache.read(fleet)).extracting(VmStatsCache.Reading::reads).containsExactly(1L, 1L);
      clock.now = clock.now.plusSeconds(1);
      assertThat(cache.read(fleet)).extracting(VmStatsCache.Reading::reads).containsExactly(2L, 2L);

      assertThat(cache.read(List.of(host("kvm01", "test:///default?x=1"))))
          .extracting(VmStatsCache.Reading::reads)
          .containsExactly(1L);
    }
  }
}
