package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import dev.ringmaster.reconciler.monitoring.PrometheusServer;
import dev.ringmaster.reconciler.source.TestRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VM monitoring end to end: the real daemon converges a VM on a real libvirtd (QEMU under TCG);
 * Debian's Prometheus, started on loopback with a temp config and data directory, scrapes {@code
 * /v1/metrics/vms} with a read token and discovers the node-exporter targets through {@code
 * /v1/sd/prometheus}. Discovered targets are relabelled to a closed loopback port (the VMs' ethsrv
 * addresses are never contacted); their labels are asserted through Prometheus's own API.
 */
class MonitoringPrometheusIT {
  private static final String HOST = "kvm01";
  private static final Duration WAIT = Duration.ofSeconds(150);

  @TempDir Path dir;

  @Test
  void prometheusScrapesVmStatisticsAndDiscoversTheNodeExporters() throws Exception {
    try (LibvirtdFixture libvirtd = LibvirtdFixture.start()) {
      TestRemote remote = TestRemote.create(dir);
      String commit =
          remote
              .write("hosts/" + HOST + ".yaml", hypervisor(libvirtd))
              .write(
                  "environments/alpha.yaml",
                  DaemonProcessIT.environment("alpha", 2, 1)
                      .replace("    cores: 1\n", "    cores: 1\n    roles: [redis]\n"))
              .write("environments/beta.yaml", DaemonProcessIT.environment("beta", 4, 1))
              .commitAndPush("two environments of one VM");
      Path tokens = dir.resolve("tokens");
      Files.writeString(tokens, "read " + TestFleetResource.digest(DaemonPlanRefIT.TOKEN) + " p\n");
      Map<String, String> env = new HashMap<>();
      env.put("RINGMASTER_API_TOKEN_FILE", tokens.toString());
      env.put("RINGMASTER_REPO_POLL_INTERVAL", "1h");
      env.put("RINGMASTER_MONITORING_STATS_CACHE", "5s");
      try (DaemonProcess daemon = DaemonProcess.start(dir, remote.url(), env)) {
        daemon.await(
            "both environments converged", () -> DaemonPlanRefIT.converged(daemon, commit), WAIT);
        String daemonAddress = "127.0.0.1:" + daemon.port();
        JsonNode sd =
            DaemonPlanRefIT.tree(
                DaemonPlanRefIT.get(daemon, "/v1/sd/prometheus", DaemonPlanRefIT.TOKEN).body());
        assertThat(sd).hasSize(2);
        assertThat(DaemonPlanRefIT.get(daemon, "/v1/sd/prometheus", null).statusCode())
            .isEqualTo(401);
        assertThat(DaemonPlanRefIT.get(daemon, "/v1/metrics/vms", null).statusCode())
            .isEqualTo(401);

        try (PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("prometheus"), daemonAddress, DaemonPlanRefIT.TOKEN)) {
          daemon.await(
              "Prometheus scraped the daemon and discovered both VMs",
              () ->
                  prometheus.upTargets("ringmaster-vms") == 1
                      && prometheus.targets("node").size() == 2,
              WAIT);
          JsonNode alpha =
              prometheus.targets("node").stream()
                  .filter(t -> t.at("/labels/vm").asText().equals("alpha00"))
                  .findFirst()
                  .orElseThrow();
          JsonNode expected =
              java.util.stream.StreamSupport.stream(sd.spliterator(), false)
                  .filter(g -> g.at("/labels/vm").asText().equals("alpha00"))
                  .findFirst()
                  .orElseThrow();
          assertThat(alpha.at("/labels/instance").asText())
              .isEqualTo(expected.at("/targets/0").asText())
              .endsWith(":9100");
          assertThat(alpha.at("/labels/environment").asText()).isEqualTo("alpha-staging");
          assertThat(alpha.at("/labels/resource_group").asText()).isEqualTo("alpha");
          assertThat(alpha.at("/labels/hypervisor").asText()).isEqualTo(HOST);
          assertThat(alpha.at("/labels/production").asText()).isEqualTo("false");
          assertThat(alpha.at("/labels/roles").asText()).isEqualTo(",redis,");

          daemon.await(
              "CPU time of alpha00 scraped",
              () -> prometheus.value("ringmaster_vm_cpu_seconds_total{vm=\"alpha00\"}") > 0,
              WAIT);
          assertThat(
                  prometheus.value(
                      "ringmaster_vm_running{vm=\"beta00\",environment=\"beta-staging\"}"))
              .isEqualTo(1);
          assertThat(prometheus.value("ringmaster_vm_memory_max_bytes{vm=\"alpha00\"}"))
              .isEqualTo(1024.0 * 1024 * 1024);
          assertThat(prometheus.value("ringmaster_vm_vcpus{vm=\"alpha00\"}")).isEqualTo(1);
          assertThat(prometheus.value("ringmaster_vm_block_read_requests_total{vm=\"alpha00\"}"))
              .isPositive();
          assertThat(prometheus.value("ringmaster_vm_network_receive_bytes_total{vm=\"alpha00\"}"))
              .isNotNegative();
          assertThat(prometheus.value("ringmaster_vm_stats_up{hypervisor=\"kvm01\"}")).isEqualTo(1);
          double series =
              prometheus.value("count({__name__=~\"ringmaster_vm_.*\",job=\"ringmaster-vms\"})");
          assertThat(series).isEqualTo(15 * 2 + 3);

          String first = vmMetrics(daemon);
          String second = vmMetrics(daemon);
          assertThat(reads(second)).isEqualTo(reads(first));
          assertThat(DaemonPlanRefIT.get(daemon, "/q/metrics", null).body())
              .doesNotContain("ringmaster_vm_cpu");
        }
      }
    }
  }

  private static String vmMetrics(DaemonProcess daemon) {
    return DaemonPlanRefIT.get(daemon, "/v1/metrics/vms", DaemonPlanRefIT.TOKEN).body();
  }

  private static long reads(String text) {
    return text.lines()
        .filter(l -> l.startsWith("ringmaster_vm_stats_reads_total{"))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String hypervisor(LibvirtdFixture libvirtd) {
    return """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: "%s"
        storagePool: %s
        domainType: qemu
        bridges: { fe: br-fe, srv: br-srv }
        capacity: { memory: 16GiB, cores: 8 }
        """
        .formatted(HOST, libvirtd.uri(), LibvirtdFixture.POOL);
  }
}
