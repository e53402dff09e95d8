package dev.ringmaster.reconciler.monitoring;

import dev.ringmaster.driver.libvirt.DomainStatsReader.DomainStats;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Renders domain statistics in the Prometheus text format (0.0.4). Every VM series carries exactly
 * the labels {@code hypervisor}, {@code environment} (empty for a domain no environment declares)
 * and {@code vm}: a fixed number of series per VM whatever its devices (block and network counters
 * are summed over devices). Metric names live here and only here. Pure.
 */
public final class VmMetricsText {
  private record Metric(
      String name, String type, String help, ToDoubleFunction<DomainStats> value) {}

  private static final List<Metric> METRICS =
      List.of(
          new Metric(
              "ringmaster_vm_state",
              "gauge",
              "libvirt domain state: 1 running, 3 paused, 4 shutting down, 5 shut off, 6 crashed.",
              DomainStats::state),
          new Metric(
              "ringmaster_vm_running",
              "gauge",
              "1 when the domain is running.",
              s -> s.state() == 1 ? 1 : 0),
          new Metric(
              "ringmaster_vm_cpu_seconds_total",
              "counter",
              "CPU time used by the domain.",
              s -> s.cpuTimeNanos() / 1e9),
          new Metric("ringmaster_vm_vcpus", "gauge", "Current vCPUs.", DomainStats::vcpus),
          new Metric(
              "ringmaster_vm_memory_bytes",
              "gauge",
              "Current balloon memory.",
              s -> s.memoryKib() * 1024.0),
          new Metric(
              "ringmaster_vm_memory_max_bytes",
              "gauge",
              "Maximum memory.",
              s -> s.maxMemoryKib() * 1024.0),
          new Metric(
              "ringmaster_vm_memory_rss_bytes",
              "gauge",
              "Resident set size of the domain's process on the hypervisor.",
              s -> s.rssKib() * 1024.0),
          new Metric(
              "ringmaster_vm_block_read_bytes_total",
              "counter",
              "Bytes read, all disks.",
              DomainStats::blockReadBytes),
          new Metric(
              "ringmaster_vm_block_write_bytes_total",
              "counter",
              "Bytes written, all disks.",
              DomainStats::blockWriteBytes),
          new Metric(
              "ringmaster_vm_block_read_requests_total",
              "counter",
              "Read requests, all disks.",
              DomainStats::blockReadRequests),
          new Metric(
              "ringmaster_vm_block_write_requests_total",
              "counter",
              "Write requests, all disks.",
              DomainStats::blockWriteRequests),
          new Metric(
              "ringmaster_vm_network_receive_bytes_total",
              "counter",
              "Bytes received, all interfaces.",
              DomainStats::netRxBytes),
          new Metric(
              "ringmaster_vm_network_transmit_bytes_total",
              "counter",
              "Bytes sent, all interfaces.",
              DomainStats::netTxBytes),
          new Metric(
              "ringmaster_vm_network_receive_packets_total",
              "counter",
              "Packets received, all interfaces.",
              DomainStats::netRxPackets),
          new Metric(
              "ringmaster_vm_network_transmit_packets_total",
              "counter",
              "Packets sent, all interfaces.",
              DomainStats::netTxPackets));

  private VmMetricsText() {}

  /** {@code environments}: the environment of each declared VM, by VM name. */
  public static String render(
      List<VmStatsCache.Reading> readings, Map<String, String> environments) {
    StringBuilder out = new StringBuilder(4096);
    header(out, "ringmaster_vm_stats_up", "gauge", "1 when the hypervisor's statistics were read.");
    readings.forEach(r -> hypervisorLine(out, "ringmaster_vm_stats_up", r, r.up() ? 1 : 0));
    header(
        out,
        "ringmaster_vm_stats_duration_seconds",
        "gauge",
        "How long the last bulk statistics call of the hypervisor took.");
    readings.forEach(
        r ->
            hypervisorLine(
                out, "ringmaster_vm_stats_duration_seconds", r, r.took().toNanos() / 1e9));
    header(
        out,
        "ringmaster_vm_stats_reads_total",
        "counter",
        "Bulk statistics calls made to the hypervisor (one per cache period at most).");
    readings.forEach(r -> hypervisorLine(out, "ringmaster_vm_stats_reads_total", r, r.reads()));
    for (Metric m : METRICS) {
      header(out, m.name(), m.type(), m.help());
      for (VmStatsCache.Reading r : readings) {
        for (DomainStats s : r.domains()) {
          out.append(m.name())
              .append("{hypervisor=\"")
              .append(label(r.hypervisor()))
              .append("\",environment=\"")
              .append(label(environments.getOrDefault(s.name(), "")))
              .append("\",vm=\"")
              .append(label(s.name()))
              .append("\"} ")
              .append(number(m.value().applyAsDouble(s)))
              .append('\n');
        }
      }
    }
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void hypervisorLine(
      StringBuilder out, String name, VmStatsCache.Reading r, double value) {
    out.append(name)
        .append("{hypervisor=\"")
        .append(label(r.hypervisor()))
        .append("\"} ")
        .append(number(value))
        .append('\n');
  }

  static String label(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
