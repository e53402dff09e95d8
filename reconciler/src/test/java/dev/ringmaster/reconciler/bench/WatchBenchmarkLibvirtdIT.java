package dev.ringmaster.reconciler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.cli.RingmasterCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ringmaster benchmark --watch --libvirtd} end to end at a tiny size (20 VMs in 2
 * environments on one host, 40 VMs in 4 environments for the fleet part): the command starts its
 * own private libvirtds, converges define-only VMs, measures, stops them, and prints the table with
 * every figure a measured positive number and its ratio to the bulk read. Needs root and a real
 * libvirtd + QEMU (as every {@code *IT} here).
 */
class WatchBenchmarkLibvirtdIT {
  private static final Pattern MEASURED =
      Pattern.compile(
          "^\\| (.+) \\| ([\\d,]+) (ms|MiB) \\| (.+) \\| (.+) \\| (yes|\\*\\*no\\*\\*|) \\|$");

  @Test
  void measuresEveryFigureOnPrivateLibvirtds() {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int status;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
    try {
      status =
          RingmasterCli.run(
              new String[] {"benchmark", "--watch", "--libvirtd", "--sizes", "20,40"},
              new PrintWriter(System.out, true),
              new PrintWriter(err, true));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }

    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err + table).isZero();
    List<String> rows = table.lines().filter(l -> l.startsWith("| ")).toList();
    assertThat(rows).as(table).hasSize(8); // header, separator, six figures
    assertThat(rows.get(2))
        .contains("raw bulk read of one host, 20 VMs")
        .contains("| the floor | 1.0 |");
    assertThat(rows.get(3)).contains("all 2 environments passed once");
    assertThat(rows.get(4)).contains("(median of 9;").contains("; 0 not seen within 30 s)");
    assertThat(rows.get(5)).contains("40 VMs on 1 hypervisor, 4 environments");
    assertThat(rows.get(6)).contains("the daemon's own process; the libvirtd beside it: ");
    assertThat(rows.get(7)).contains("webhook → one-VM change converged, 40 VMs");
    for (String row : rows.subList(2, rows.size())) {
      Matcher m = MEASURED.matcher(row);
      assertThat(m.matches()).as(row).isTrue();
      assertThat(Long.parseLong(m.group(2).replace(",", ""))).as(row).isPositive();
      if (!row.contains("resident memory")) {
        assertThat(Double.parseDouble(m.group(5).split(" ")[0])).as(row).isNotNegative();
      }
    }
    Matcher libvirtdRss = Pattern.compile("beside it: ([\\d,]+) MiB").matcher(rows.get(6));
    assertThat(libvirtdRss.find()).isTrue();
    assertThat(Long.parseLong(libvirtdRss.group(1).replace(",", ""))).isPositive();
    assertThat(table).contains("on private libvirtds started by the benchmark (define-only VMs)");
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("progress: one host: starting a private libvirtd")
        .contains("progress: fleet: converged in ");
  }

  @Test
  void namesWhatToInstallWhenLibvirtdIsMissing() throws Exception {
    ProcessBuilder p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RingmasterCli.class.getName(),
                "benchmark",
                "--watch",
                "--libvirtd")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    p.environment().put("PATH", "/nonexistent");
    Process run = p.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(run.exitValue()).as(output).isEqualTo(1);
    assertThat(output)
        .contains("a private libvirtd needs libvirtd, virtlogd, qemu-system-x86_64 on the PATH")
        .contains("libvirt-daemon-system libvirt-daemon-driver-qemu qemu-system-x86")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }
}
