package dev.ringmaster.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Backup volume names: marks carry consistency, why crash, and the base of an incremental. */
class BackupNamesTest {
  private static final Instant AT = Instant.parse("2026-01-02T01:30:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "full frozen   | FROZEN |                                         | -",
        "full no agent | CRASH  | noagent                                 | -",
        "shut off      | CRASH  | shutoff                                 | -",
        "old crash     | CRASH  |                                         | -",
        "incremental   | CRASH  | agent-qemu-guest-agent-is-not-connected | 2026-01-01T01:30:00Z",
        "incr frozen   | FROZEN |                                         | 2026-01-01T01:30:00Z",
      })
  void marksRoundTrip(String name, BackupConsistency c, String reason, Instant basedOn) {
    String why = reason == null ? "" : reason;
    String mark = BackupNames.mark("kvm01", "myapp00", AT, c, why, basedOn);
    BackupNames.Parsed p = BackupNames.parse(mark).orElseThrow();
    assertThat(p.isData()).isFalse();
    assertThat(p)
        .isEqualTo(
            new BackupNames.Parsed("kvm01", "myapp00", AT, mark.split("\\.")[4], c, why, basedOn));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ringmaster-backup.kvm01.vm.20260102T013000Z.frozen-noagent",
    "ringmaster-backup.kvm01.vm.20260102T013000Z.crash-whatever",
    "ringmaster-backup.kvm01.vm.20260102T013000Z.crash.20260102T013000Z",
    "ringmaster-backup.kvm01.vm.20260102T013000Z.qcow2.20260101T013000Z",
    "ringmaster-backup.kvm01.vm.20260102T013000Z.raw",
  })
  void otherNamesAreNotBackups(String volume) {
    assertThat(BackupNames.parse(volume)).isEqualTo(Optional.empty());
  }

  @org.junit.jupiter.api.Test
  void reasonsAreSlugsOfLibvirtsMessage() {
    String key =
        CrashReason.agentDidNotAnswer(
            "Guest agent is not responding: QEMU guest agent is not connected");
    assertThat(key).isEqualTo("agent-qemu-guest-agent-is-not-connected");
    assertThat(CrashReason.describe(key))
        .isEqualTo("guest agent did not answer: qemu guest agent is not connected");
    assertThat(CrashReason.describe(CrashReason.NO_AGENT)).isEqualTo("guest agent channel absent");
    assertThat(CrashReason.agentDidNotAnswer("timeout: " + "x".repeat(100))).hasSize(66);
    assertThatThrownBy(
            () ->
                BackupNames.mark(
                    "kvm01", "vm", AT, BackupConsistency.FROZEN, CrashReason.NO_AGENT, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BackupNames.data("kvm01", "vm", AT))
        .isEqualTo("ringmaster-backup.kvm01.vm.20260102T013000Z.qcow2");
  }
}
