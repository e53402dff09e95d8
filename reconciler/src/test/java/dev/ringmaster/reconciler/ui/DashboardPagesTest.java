package dev.ringmaster.reconciler.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.daemon.loop.DriftView;
import dev.ringmaster.reconciler.daemon.loop.EnvironmentState;
import dev.ringmaster.reconciler.daemon.loop.PassResult;
import dev.ringmaster.reconciler.engine.Condition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DashboardPagesTest {
  static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

  static EnvironmentState status(String name, int pending, int drifted, String message) {
    return new EnvironmentState(
        name,
        true,
        "0123456789abcdef0123456789abcdef01234567",
        Instant.parse("2026-12-01T10:00:00Z"),
        PassResult.Result.IN_SYNC,
        message,
        List.of(new Condition("Ready", true, "InSync", message)),
        pending,
        drifted,
        12,
        0);
  }

  static FleetPage.Model fleet(List<FleetRow> rows, String group) {
    TreeSet<String> groups = new TreeSet<>();
    rows.forEach(r -> groups.add(r.group()));
    return new FleetPage.Model(
        "0123456789abcdef0123456789abcdef01234567",
        rows,
        groups,
        group,
        FleetRow.Sort.NAME,
        false,
        List.of(),
        0);
  }

  @Test
  void hostileTextIsEscapedEverywhereItIsShown() {
    FleetRow row = new FleetRow(status("a-prod", 1, 0, HOSTILE), HOSTILE, 0, false);
    String fleet = FleetPage.render(fleet(List.of(row), HOSTILE));
    String drift =
        DriftPage.render(
            new DriftView(
                "c0ffee",
                List.of(new DriftView.Entry("a-prod", "domain/kvm01/a00", "memory", HOSTILE, "1")),
                Map.of("kvm02", HOSTILE)),
            List.of(HOSTILE));
    String plan = PlanPage.render(HOSTILE, HOSTILE, null, HOSTILE);
    String login = LoginPage.render(HOSTILE, HOSTILE);
    for (String page : List.of(fleet, drift, plan, login)) {
      assertThat(page).doesNotContain("<script>", "<img", "onerror=alert(1)>", "'x'");
      assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;");
    }
  }

  @Test
  void theFleetReloadsItselfOnlyWhenAsked() {
    FleetRow row = new FleetRow(status("a-prod", 0, 0, "in sync"), "a", 0, false);
    FleetPage.Model once = fleet(List.of(row), "");
    assertThat(FleetPage.render(once)).doesNotContain("http-equiv=\"refresh\"");
    FleetPage.Model reloading =
        new FleetPage.Model(
            once.commit(),
            once.rows(),
            once.groups(),
            "",
            FleetRow.Sort.DRIFTED,
            true,
            List.of(),
            30);
    assertThat(FleetPage.render(reloading))
        .contains("<meta http-equiv=\"refresh\" content=\"30\">")
        .contains("href=\"/ui/?sort=drifted&amp;refresh=30\"")
        .contains("href=\"/ui/?sort=name&amp;refresh=30\"")
        .contains("name=\"refresh\" value=\"30\" checked");
  }

  @Test
  void theEnvironmentPageSplitsTheMaintenanceViewIntoWindowsAndStagedDeletions() {
    Map<String, Object> window = new java.util.LinkedHashMap<>();
    window.put("resource", "domain/kvm01/a00");
    window.put("kind", "window");
    window.put("change", "update");
    window.put("reason", HOSTILE);
    window.put("held", true);
    window.put(
        "window", Map.of("opens", "2026-12-06T02:00+01:00", "closes", "2026-12-06T04:00+01:00"));
    Map<String, Object> grace = new java.util.LinkedHashMap<>();
    grace.put("resource", "domain/kvm01/a01");
    grace.put("kind", "grace");
    grace.put("reason", "removed from Git; soft-deleted");
    grace.put("due", "2026-12-08T10:00:00Z");
    String page =
        EnvironmentPage.render(
            new EnvironmentPage.Model(
                status("a-prod", 1, 0, "pending"),
                "a",
                true,
                List.of(),
                null,
                "kvm01: connection refused",
                Map.of("scheduled", List.of(window, grace), "budget", List.of()),
                List.of(),
                List.of()));
    assertThat(page)
        .contains("2026-12-06T02:00+01:00 – 2026-12-06T04:00+01:00")
        .contains("soft-deleted</td><td>after 2026-12-08T10:00:00Z")
        .contains("The plan could not be computed: kvm01: connection refused")
        .contains("No VMs declared")
        .doesNotContain("<script>");
  }

  @ParameterizedTest(name = "next={0} -> {1}")
  @CsvSource({
    "/ui/drift, /ui/drift",
    "/ui/?group=a&sort=name, /ui/?group=a&sort=name",
    "https://evil.example/, /ui/",
    "//evil.example/ui/, /ui/",
    "/v1/environments, /ui/",
    "'/ui/\\evil', /ui/",
    "'/ui/ x', /ui/"
  })
  void signInOnlyReturnsToDashboardPaths(String next, String expected) {
    assertThat(LoginPage.safeNext(next)).isEqualTo(expected);
  }

  @Test
  void sessionsHoldADigestAndExpire() {
    Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    UiSessions sessions = new UiSessions(clock);
    String id = sessions.open(new byte[] {1, 2, 3});
    assertThat(id).hasSize(64);
    assertThat(sessions.digest(id)).hasValueSatisfying(d -> assertThat(d).containsExactly(1, 2, 3));
    assertThat(sessions.digest("nope")).isEmpty();
    now[0] = now[0].plus(UiSessions.LIFETIME);
    assertThat(sessions.digest(id)).isEmpty();
  }

  @Test
  void theFleetSortsAndRendersAThousandEnvironmentsQuickly() {
    List<FleetRow> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(
          new FleetRow(
              status(String.format("env%04d-prod", i), i % 7, i % 3, "in sync"),
              "group" + (i % 20),
              i % 5,
              i % 50 == 0));
    }
    List<FleetRow> sorted = FleetRow.sorted(rows, FleetRow.Sort.PENDING, true);
    assertThat(sorted.get(0).status().pending()).isEqualTo(6);
    assertThat(sorted.get(999).status().pending()).isZero();
    for (int warm = 0; warm < 20; warm++) {
      FleetPage.render(fleet(sorted, ""));
    }
    long started = System.nanoTime();
    int runs = 50;
    String page = "";
    for (int r = 0; r < runs; r++) {
      page = FleetPage.render(fleet(FleetRow.sorted(rows, FleetRow.Sort.NAME, false), ""));
    }
    double millis = (System.nanoTime() - started) / 1e6 / runs;
    System.out.printf(
        "fleet page, 1000 environments: %.2f ms per render, %d KiB%n",
        millis, page.length() / 1024);
    assertThat(page).contains("env0999-prod", "group19");
    assertThat(millis).isLessThan(200);
  }
}
