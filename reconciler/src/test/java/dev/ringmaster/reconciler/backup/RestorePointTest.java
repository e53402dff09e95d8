package dev.ringmaster.reconciler.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which backup {@code restore --at TIME} picks, for every form of TIME. */
class RestorePointTest {
  private static final List<Instant> BACKUPS =
      List.of(
          Instant.parse("2026-01-01T01:30:00Z"),
          Instant.parse("2026-01-02T01:30:00Z"),
          Instant.parse("2026-01-03T01:30:00Z"));

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("exactly a backup's instant", "2026-01-02T01:30:00Z", "2026-01-02T01:30:00Z"),
        Arguments.of("a second before it", "2026-01-02T01:29:59Z", "2026-01-01T01:30:00Z"),
        Arguments.of("between two", "2026-01-02T12:00:00Z", "2026-01-02T01:30:00Z"),
        Arguments.of("after the newest", "2027-01-01T00:00:00Z", "2026-01-03T01:30:00Z"),
        Arguments.of("before the oldest", "2025-12-31T23:59:59Z", null),
        Arguments.of("an offset", "2026-01-02T02:30:00+01:00", "2026-01-02T01:30:00Z"),
        Arguments.of("an offset a minute early", "2026-01-02T02:29+01:00", "2026-01-01T01:30:00Z"),
        Arguments.of(
            "local with zone id", "2026-01-02T02:30[Europe/Berlin]", "2026-01-02T01:30:00Z"),
        Arguments.of(
            "local, space, zone", "2026-01-02 02:30 Europe/Berlin", "2026-01-02T01:30:00Z"),
        Arguments.of(
            "local in summer time", "2026-07-01 03:30:00 Europe/Berlin", "2026-01-03T01:30:00Z"),
        Arguments.of("a backup id", "20260101T013000Z", "2026-01-01T01:30:00Z"),
        Arguments.of("a backup id that is no backup", "20260101T013001Z", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void picksTheNewestBackupAtOrBeforeTime(String name, String time, String expected) {
    assertThat(RestorePoint.parse(time).select(BACKUPS))
        .isEqualTo(Optional.ofNullable(expected).map(Instant::parse));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "2026-01-02",
        "2026-01-02T01:30:00",
        "2026-01-02 01:30",
        "2026-01-02 01:30 Mars/Olympus",
        "2026-13-02T01:30:00Z",
        "20260102T013000"
      })
  void aMalformedTimeSaysWhatToWrite(String time) {
    assertThatThrownBy(() -> RestorePoint.parse(time))
        .isInstanceOf(RingmasterException.class)
        .hasMessageContaining("is not a time; write an ISO-8601 instant");
  }
}
