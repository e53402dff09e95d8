package dev.ringmaster.reconciler.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Maintenance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaintenanceScheduleTest {
  private static final String BERLIN = "Europe/Berlin";
  private static final String NEW_YORK = "America/New_York";
  private static final String SYDNEY = "Australia/Sydney";

  static Stream<Arguments> scheduled() {
    return Stream.of(
        Arguments.of(
            "Berlin spring-forward night is 6 h long",
            "22:00-05:00",
            BERLIN,
            "PT12H",
            "2026-03-28T08:00+01:00",
            "2026-03-28T08:00+01:00",
            "2026-03-28T22:00+01:00",
            "2026-03-29T05:00+02:00",
            "PT6H"),
        Arguments.of(
            "Berlin fall-back night is 8 h long",
            "22:00-05:00",
            BERLIN,
            "PT12H",
            "2026-10-24T08:00+02:00",
            "2026-10-24T08:00+02:00",
            "2026-10-24T22:00+02:00",
            "2026-10-25T05:00+01:00",
            "PT8H"),
        Arguments.of(
            "lead time ends exactly at the opening: this window",
            "22:00-05:00",
            BERLIN,
            "PT12H",
            "2026-11-22T10:00+01:00",
            "2026-11-22T10:00+01:00",
            "2026-11-22T22:00+01:00",
            "2026-11-23T05:00+01:00",
            "PT7H"),
        Arguments.of(
            "lead time ends one second after the opening: next night",
            "22:00-05:00",
            BERLIN,
            "PT12H",
            "2026-11-22T10:00:01+01:00",
            "2026-11-22T10:00:01+01:00",
            "2026-11-23T22:00+01:00",
            "2026-11-24T05:00+01:00",
            "PT7H"),
        Arguments.of(
            "lead time ends one second before the opening: this window",
            "22:00-05:00",
            BERLIN,
            "PT12H",
            "2026-11-22T09:59:59+01:00",
            "2026-11-22T09:59:59+01:00",
            "2026-11-22T22:00+01:00",
            "2026-11-23T05:00+01:00",
            "PT7H"),
        Arguments.of(
            "known long ago, window open now: the open window",
            "22:00-05:00",
            BERLIN,
            "PT12H",
            "2026-11-20T09:00+01:00",
            "2026-11-22T23:30+01:00",
            "2026-11-22T22:00+01:00",
            "2026-11-23T05:00+01:00",
            "PT7H"),
        Arguments.of(
            "known long ago, after midnight inside the window: the open window",
            "22:00-05:00",
            BERLIN,
            "PT12H",
            "2026-11-20T09:00+01:00",
            "2026-11-23T04:59+01:00",
            "2026-11-22T22:00+01:00",
            "2026-11-23T05:00+01:00",
            "PT7H"),
        Arguments.of(
            "known long ago, window just closed: next night",
            "22:00-05:00",
            BERLIN,
            "PT12H",
            "2026-11-20T09:00+01:00",
            "2026-11-23T05:00+01:00",
            "2026-11-23T22:00+01:00",
            "2026-11-24T05:00+01:00",
            "PT7H"),
        Arguments.of(
            "lead time ends inside a window: that window is missed",
            "22:00-05:00",
            "UTC",
            "PT12H",
            "2026-11-22T12:00Z",
            "2026-11-22T12:00Z",
            "2026-11-23T22:00Z",
            "2026-11-24T05:00Z",
            "PT7H"),
        Arguments.of(
            "zero lead time while a window is open: the next one",
            "01:00-03:00",
            "UTC",
            "PT0S",
            "2026-06-01T02:00Z",
            "2026-06-01T02:00Z",
            "2026-06-02T01:00Z",
            "2026-06-02T03:00Z",
            "PT2H"),
        Arguments.of(
            "window within one day, known the evening before",
            "09:00-11:30",
            BERLIN,
            "PT12H",
            "2026-07-01T20:00+02:00",
            "2026-07-01T20:00+02:00",
            "2026-07-02T09:00+02:00",
            "2026-07-02T11:30+02:00",
            "PT2H30M"),
        Arguments.of(
            "window across the year end",
            "23:00-01:00",
            "UTC",
            "PT1H",
            "2026-12-31T21:00Z",
            "2026-12-31T21:00Z",
            "2026-12-31T23:00Z",
            "2027-01-01T01:00Z",
            "PT2H"),
        Arguments.of(
            "long lead time skips two nights",
            "22:00-05:00",
            BERLIN,
            "PT48H",
            "2026-11-22T10:00+01:00",
            "2026-11-22T10:00+01:00",
            "2026-11-24T22:00+01:00",
            "2026-11-25T05:00+01:00",
            "PT7H"),
        Arguments.of(
            "opening in the skipped hour starts when the gap ends",
            "02:30-04:00",
            BERLIN,
            "PT1H",
            "2026-03-28T12:00+01:00",
            "2026-03-28T12:00+01:00",
            "2026-03-29T03:00+02:00",
            "2026-03-29T04:00+02:00",
            "PT1H"),
        Arguments.of(
            "opening in the repeated hour takes the first occurrence",
            "02:30-04:00",
            BERLIN,
            "PT1H",
            "2026-10-24T12:00+02:00",
            "2026-10-24T12:00+02:00",
            "2026-10-25T02:30+02:00",
            "2026-10-25T04:00+01:00",
            "PT2H30M"),
        Arguments.of(
            "closing in the skipped hour closes when the gap ends",
            "22:00-02:30",
            BERLIN,
            "PT12H",
            "2026-03-28T08:00+01:00",
            "2026-03-28T08:00+01:00",
            "2026-03-28T22:00+01:00",
            "2026-03-29T03:00+02:00",
            "PT4H"),
        Arguments.of(
            "closing in the repeated hour takes the first occurrence",
            "22:00-02:30",
            BERLIN,
            "PT12H",
            "2026-10-24T08:00+02:00",
            "2026-10-24T08:00+02:00",
            "2026-10-24T22:00+02:00",
            "2026-10-25T02:30+02:00",
            "PT4H30M"),
        Arguments.of(
            "New York spring-forward night",
            "22:00-05:00",
            NEW_YORK,
            "PT12H",
            "2026-03-07T09:00-05:00",
            "2026-03-07T09:00-05:00",
            "2026-03-07T22:00-05:00",
            "2026-03-08T05:00-04:00",
            "PT6H"),
        Arguments.of(
            "New York fall-back night",
            "22:00-05:00",
            NEW_YORK,
            "PT12H",
            "2026-10-31T09:00-04:00",
            "2026-10-31T09:00-04:00",
            "2026-10-31T22:00-04:00",
            "2026-11-01T05:00-05:00",
            "PT8H"),
        Arguments.of(
            "Sydney autumn night (clocks go back in April)",
            "22:00-05:00",
            SYDNEY,
            "PT12H",
            "2026-04-04T09:00+11:00",
            "2026-04-04T09:00+11:00",
            "2026-04-04T22:00+11:00",
            "2026-04-05T05:00+10:00",
            "PT8H"),
        Arguments.of(
            "Sydney spring night (clocks go forward in October)",
            "22:00-05:00",
            SYDNEY,
            "PT12H",
            "2026-10-03T09:00+10:00",
            "2026-10-03T09:00+10:00",
            "2026-10-03T22:00+10:00",
            "2026-10-04T05:00+11:00",
            "PT6H"),
        Arguments.of(
            "Sydney lead time crosses the date line of UTC",
            "22:00-05:00",
            SYDNEY,
            "PT12H",
            "2026-11-21T23:00Z",
            "2026-11-21T23:00Z",
            "2026-11-22T22:00+11:00",
            "2026-11-23T05:00+11:00",
            "PT7H"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scheduled")
  void scheduledFor(
      String name,
      String window,
      String zone,
      String lead,
      String knownSince,
      String now,
      String opens,
      String closes,
      String length) {
    MaintenanceSchedule schedule = schedule(window, zone, lead);

    MaintenanceWindow w = schedule.scheduledFor(instant(knownSince), instant(now));

    assertThat(w.opens().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse(opens));
    assertThat(w.closes().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse(closes));
    assertThat(w.length()).isEqualTo(Duration.parse(length));
  }

  static Stream<Arguments> openAt() {
    return Stream.of(
        Arguments.of("at the opening", "22:00-05:00", BERLIN, "2026-11-22T22:00+01:00", true),
        Arguments.of("a minute before", "22:00-05:00", BERLIN, "2026-11-22T21:59+01:00", false),
        Arguments.of("after midnight", "22:00-05:00", BERLIN, "2026-11-23T04:59+01:00", true),
        Arguments.of("at the closing", "22:00-05:00", BERLIN, "2026-11-23T05:00+01:00", false),
        Arguments.of("noon", "22:00-05:00", BERLIN, "2026-11-23T12:00+01:00", false),
        Arguments.of("spring night, 04:30", "22:00-05:00", BERLIN, "2026-03-29T04:30+02:00", true),
        Arguments.of("spring night, 05:00", "22:00-05:00", BERLIN, "2026-03-29T05:00+02:00", false),
        Arguments.of(
            "fall night, repeated 02:30", "22:00-05:00", BERLIN, "2026-10-25T02:30+01:00", true),
        Arguments.of("fall night, 04:59", "22:00-05:00", BERLIN, "2026-10-25T04:59+01:00", true),
        Arguments.of("within a day, inside", "09:00-11:30", "UTC", "2026-07-02T11:29Z", true),
        Arguments.of("within a day, after", "09:00-11:30", "UTC", "2026-07-02T11:30Z", false),
        Arguments.of("within a day, before", "09:00-11:30", "UTC", "2026-07-02T08:59Z", false),
        Arguments.of(
            "gap opening, before gap end", "02:30-04:00", BERLIN, "2026-03-29T01:59+01:00", false),
        Arguments.of(
            "gap opening, at gap end", "02:30-04:00", BERLIN, "2026-03-29T03:00+02:00", true),
        Arguments.of(
            "repeated hour, second 02:30 is inside",
            "02:30-04:00",
            BERLIN,
            "2026-10-25T02:30+01:00",
            true),
        Arguments.of("whole day window", "00:00-00:00", "UTC", "2026-07-02T15:00Z", true),
        Arguments.of("Sydney, 23:00", "22:00-05:00", SYDNEY, "2026-11-22T23:00+11:00", true),
        Arguments.of("New York, 21:00", "22:00-05:00", NEW_YORK, "2026-11-22T21:00-05:00", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("openAt")
  void isOpen(String name, String window, String zone, String now, boolean open) {
    MaintenanceSchedule schedule = schedule(window, zone, "PT12H");

    assertThat(schedule.isOpen(instant(now))).isEqualTo(open);
    assertThat(schedule.openAt(instant(now)).map(w -> w.contains(instant(now))))
        .isEqualTo(open ? java.util.Optional.of(true) : java.util.Optional.empty());
  }

  static Stream<Arguments> nextOpening() {
    return Stream.of(
        Arguments.of(
            "same evening",
            "22:00-05:00",
            BERLIN,
            "2026-11-22T12:00+01:00",
            "2026-11-22T22:00+01:00"),
        Arguments.of(
            "exactly at an opening",
            "22:00-05:00",
            BERLIN,
            "2026-11-22T22:00+01:00",
            "2026-11-22T22:00+01:00"),
        Arguments.of(
            "inside a window: the next one",
            "22:00-05:00",
            BERLIN,
            "2026-11-22T23:00+01:00",
            "2026-11-23T22:00+01:00"),
        Arguments.of(
            "after midnight inside a window",
            "22:00-05:00",
            BERLIN,
            "2026-11-23T01:00+01:00",
            "2026-11-23T22:00+01:00"),
        Arguments.of(
            "opening in the skipped hour",
            "02:30-04:00",
            BERLIN,
            "2026-03-28T12:00+01:00",
            "2026-03-29T03:00+02:00"),
        Arguments.of(
            "opening in the repeated hour",
            "02:30-04:00",
            BERLIN,
            "2026-10-24T12:00+02:00",
            "2026-10-25T02:30+02:00"),
        Arguments.of(
            "New York across the fall-back",
            "01:30-03:00",
            NEW_YORK,
            "2026-10-31T12:00-04:00",
            "2026-11-01T01:30-04:00"),
        Arguments.of(
            "Sydney", "22:00-05:00", SYDNEY, "2026-11-22T12:00Z", "2026-11-23T22:00+11:00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nextOpening")
  void nextOpening(String name, String window, String zone, String now, String opens) {
    MaintenanceWindow w = schedule(window, zone, "PT12H").nextOpening(instant(now));

    assertThat(w.opens().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse(opens));
  }

  static Stream<Arguments> rendered() {
    return Stream.of(
        Arguments.of("22:00-05:00", BERLIN, "2026-11-22", "2026-11-22 22:00–05:00 Europe/Berlin"),
        Arguments.of("02:30-04:00", BERLIN, "2026-03-29", "2026-03-29 03:00–04:00 Europe/Berlin"),
        Arguments.of("09:00-11:30", "UTC", "2026-07-02", "2026-07-02 09:00–11:30 UTC"),
        Arguments.of(
            "22:00-05:00", SYDNEY, "2026-04-04", "2026-04-04 22:00–05:00 Australia/Sydney"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("rendered")
  void renders(String window, String zone, String day, String text) {
    MaintenanceWindow w = schedule(window, zone, "PT12H").openingOn(LocalDate.parse(day));

    assertThat(w.render()).isEqualTo(text);
  }

  @Test
  void defaultIsNightlyBerlinWithTwelveHoursNotice() {
    MaintenanceSchedule schedule = new MaintenanceSchedule(Maintenance.DEFAULT);

    MaintenanceWindow w =
        schedule.scheduledFor(instant("2026-11-22T04:32:15Z"), instant("2026-11-22T04:32:15Z"));

    assertThat(w.render()).isEqualTo("2026-11-22 22:00–05:00 Europe/Berlin");
  }

  static MaintenanceSchedule schedule(String window, String zone, String lead) {
    String[] times = window.split("-");
    return new MaintenanceSchedule(
        new Maintenance(
            LocalTime.parse(times[0]),
            LocalTime.parse(times[1]),
            ZoneId.of(zone),
            Duration.parse(lead)));
  }

  static Instant instant(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }
}
