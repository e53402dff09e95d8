package dev.ringmaster.reconciler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code serve} starts the JVM with {@link DaemonJvm}'s options and environment
 * (what the daemon benchmark measures), an operator's {@code JAVA_OPTS} after them and an
 * operator's collector instead of the default one. The real launcher script runs with a {@code
 * java} on the {@code PATH} that prints what it was given.
 */
class DaemonJvmTest {
  private static final Path LAUNCHER = Path.of("..", "ringmaster").toAbsolutePath().normalize();

  @Test
  void serveStartsTheJvmWithTheDaemonsOptionsThenJavaOpts(@TempDir Path dir) throws Exception {
    List<String> lines = serve(dir, Map.of("JAVA_OPTS", "-Xmx2g"));

    List<String> expected = new ArrayList<>(DaemonJvm.options());
    expected.add("-Xmx2g");
    expected.addAll(List.of("-jar", "quarkus-run.jar", "serve", "--port", "1"));
    assertThat(lines).containsExactly(String.join(" ", expected));
    assertThat(DaemonJvm.options())
        .contains("-XX:+UseSerialGC")
        .anyMatch(o -> o.startsWith("-Xmx"));
  }

  @Test
  void anOperatorsCollectorReplacesTheDefaultOne(@TempDir Path dir) throws Exception {
    List<String> lines = serve(dir, Map.of("JAVA_OPTS", "-XX:+UseG1GC -Xmx2g"));

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("-XX:+UseG1GC -Xmx2g").doesNotContain("UseSerialGC");
  }

  private static List<String> serve(Path dir, Map<String, String> env)
      throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\n" + "printf '%s\\n' \"$*\" | sed 's#[^ ]*/quarkus-run.jar#quarkus-run.jar#'\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder =
        new ProcessBuilder(LAUNCHER.toString(), "serve", "--port", "1").redirectErrorStream(true);
    builder.environment().remove("JAVA_OPTS");
    builder.environment().putAll(env);
    builder.environment().put("RINGMASTER_SKIP_BUILD", "1");
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().toList();
  }
}
