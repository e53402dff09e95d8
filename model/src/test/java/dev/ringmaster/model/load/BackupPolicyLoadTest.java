package dev.ringmaster.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Backup;
import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.hostconfig.HostBackup;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackupPolicyLoadTest {
  private static final String E = TestRepo.ENV + ":";
  private static final String ROLES = "    roles: [webgateway]\n";

  @TempDir Path dir;

  static Stream<Arguments> policies() {
    HostBackup daily = new HostBackup("default", 0, 7, 4, 3);
    HostBackup frequent = new HostBackup("frequent", 24, 7, 4, 3);
    HostBackup none = new HostBackup("none", 0, 0, 0, 0);
    return Stream.of(
        Arguments.of("nothing written", "", "", Backup.DEFAULT, daily),
        Arguments.of("environment frequent", "backup: frequent\n", "", Backup.FREQUENT, frequent),
        Arguments.of("environment none", "backup: none\n", "", Backup.NONE, none),
        Arguments.of("VM none overrides", "backup: frequent\n", "none", Backup.NONE, none),
        Arguments.of(
            "VM frequent overrides", "backup: none\n", "frequent", Backup.FREQUENT, frequent),
        Arguments.of("VM default overrides", "backup: none\n", "default", Backup.DEFAULT, daily));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void theVmsPolicyWinsOverItsEnvironments(
      String name, String envLine, String vmPolicy, Backup expected, HostBackup host) {
    TestRepo repo =
        new TestRepo(dir).edit("resourceGroup: myapp\n", "resourceGroup: myapp\n" + envLine);
    if (!vmPolicy.isEmpty()) {
      repo.edit(ROLES, ROLES + "    backup: " + vmPolicy + "\n");
    }
    LoadResult result = FleetRepository.load(repo.root(), AppliedRootDisks.NONE);
    assertThat(result.diagnostics()).isEmpty();
    Environment env = result.fleet().environments().get(0);
    var vm = env.vms().get(0);
    assertThat(Backup.of(env, vm)).isEqualTo(expected);
    assertThat(HostConfigRenderer.render(result.fleet(), env, vm).backup()).isEqualTo(host);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "environment",
            "resourceGroup: myapp\n",
            "resourceGroup: myapp\nbackup: hourly\n",
            E + "5:9: backup: \"hourly\" is not one of default, frequent, none; write"),
        Arguments.of(
            "VM",
            ROLES,
            ROLES + "    backup: nightly\n",
            E + "22:13: vms[0].backup: \"nightly\" is not one of default, frequent, none; write"),
        Arguments.of(
            "VM, not a text",
            ROLES,
            ROLES + "    backup: [daily]\n",
            E + "22:13: vms[0].backup: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void aPolicyThatIsNotOneOfTheThreeIsAnErrorAtItsPosition(
      String name, String from, String to, String expected) {
    LoadResult result =
        FleetRepository.load(new TestRepo(dir).edit(from, to).root(), AppliedRootDisks.NONE);
    assertThat(result.hasErrors()).isTrue();
    assertThat(result.diagnostics().stream().map(Diagnostic::toString))
        .anySatisfy(d -> assertThat(d).startsWith(expected));
  }
}
