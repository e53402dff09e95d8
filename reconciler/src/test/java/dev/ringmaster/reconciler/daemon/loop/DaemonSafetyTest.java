package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.gate.Hold;
import dev.ringmaster.reconciler.gate.MaintenanceWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonSafetyTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final MaintenanceWindow TONIGHT =
      new MaintenanceWindow(
          ZonedDateTime.of(2026, 11, 22, 22, 0, 0, 0, BERLIN),
          ZonedDateTime.of(2026, 11, 23, 5, 0, 0, 0, BERLIN));
  private static final MaintenanceWindow OPEN =
      new MaintenanceWindow(
          ZonedDateTime.of(2026, 11, 21, 22, 0, 0, 0, BERLIN),
          ZonedDateTime.of(2026, 11, 22, 12, 0, 0, 0, BERLIN));

  static Stream<Arguments> wakeUps() {
    Hold heldRestart = window(TONIGHT, true);
    Hold openRestart = window(OPEN, false);
    Hold grace = grace(Instant.parse("2026-11-25T10:00:00Z"));
    Hold overdue = grace(Instant.parse("2026-11-21T10:00:00Z"));
    Hold budget =
        new Hold(
            ResourceId.domain("kvm01", "a01"),
            "a",
            Hold.Kind.BUDGET,
            "",
            "",
            null,
            null,
            null,
            true);
    return Stream.of(
        Arguments.of("nothing held", List.of(), null),
        Arguments.of(
            "restart held: when its window opens", List.of(heldRestart), "2026-11-22T21:00:00Z"),
        Arguments.of("restart in its open window: no wake-up", List.of(openRestart), null),
        Arguments.of("grace period: when it ends", List.of(grace), "2026-11-25T10:00:00Z"),
        Arguments.of("grace period over: no wake-up", List.of(overdue), null),
        Arguments.of("budget: waits for an approval, not a time", List.of(budget), null),
        Arguments.of(
            "the earliest of several",
            List.of(grace, budget, heldRestart),
            "2026-11-22T21:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wakeUps")
  void wakesWhenTheEarliestHeldChangeBecomesDue(String name, List<Hold> holds, String expected) {
    assertThat(DaemonSafety.wakeAt(holds, NOW))
        .isEqualTo(Optional.ofNullable(expected).map(Instant::parse));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("approvals")
  void anApprovalCoversExactlyItsCommit(String name, String env, String commit, boolean covers) {
    MassDeleteApproval a = new MassDeleteApproval("a".repeat(40), env, "alice", NOW);
    assertThat(a.covers(commit, "shop-prod")).isEqualTo(covers);
  }

  static Stream<Arguments> approvals() {
    return Stream.of(
        Arguments.of("its commit and environment", "shop-prod", "a".repeat(40), true),
        Arguments.of("its commit, every environment", "", "a".repeat(40), true),
        Arguments.of("another environment", "web-prod", "a".repeat(40), false),
        Arguments.of("another commit", "shop-prod", "b".repeat(40), false));
  }

  @org.junit.jupiter.api.Test
  void budgetHoldsAreFoundByCommit() {
    Map<String, Map<String, Object>> recorded =
        Map.of(
            "a", Map.of("commit", "c1", "budget", "exceeded"),
            "b", Map.of("commit", "c1", "budget", ""),
            "c", Map.of("commit", "c2", "budget", "exceeded"));
    assertThat(MaintenanceView.heldByBudgetAt(recorded, "c1")).containsExactly("a");
  }

  private static Hold window(MaintenanceWindow w, boolean held) {
    return new Hold(
        ResourceId.domain("kvm01", "a00"), "a", Hold.Kind.WINDOW, "", "", w, NOW, null, held);
  }

  private static Hold grace(Instant due) {
    return new Hold(
        ResourceId.volume("kvm01", "a00-root"),
        "a",
        Hold.Kind.GRACE,
        "",
        "",
        null,
        null,
        due,
        true);
  }
}
