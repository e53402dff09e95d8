package dev.ringmaster.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.reconciler.gate.Consent;
import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.review.render.PlanJson;
import dev.ringmaster.reconciler.review.render.PlanMarkdown;
import dev.ringmaster.reconciler.review.render.PlanText;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The staging a PR plan shows for service users a guest change drops, table-driven over real base
 * and head commits: retired on merge with the home kept, refused when protected, destructive at
 * once without a grace period; and the consent the messages name, for the CLI and the daemon.
 */
class PlanServiceUserStagingTest extends PullRequestFixture {
  static final String RETIRED =
      "retired on merge: login disabled, uid and home /srv/s-old kept; home deleted for good"
          + " after 3 days (2026-11-25T04:32:15Z if merged now) unless restored in Git";

  static String withService(String yaml, String... users) {
    StringBuilder s = new StringBuilder("serviceUsers:\n");
    int uid = 60500;
    for (String u : users) {
      s.append("  - name: ").append(u).append("\n    uid: ").append(uid++).append('\n');
    }
    return yaml.replace("vms:\n", s + "vms:\n");
  }

  static String shopUsers(String... users) {
    return withService(shop("4GiB", "30GiB", false, ""), users);
  }

  record Case(
      String name,
      String baseShop,
      String headShop,
      SafetySettings settings,
      String staging,
      String refusal,
      int destructive,
      int exitCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    String protectedVm = "disk: 30GiB\n    protected: true";
    String protectedEnv = "protected: true";
    return Stream.of(
            new Case(
                "removed service user is retired on merge",
                shopUsers("s-shop", "s-old"),
                shopUsers("s-shop"),
                SafetySettings.defaults(),
                RETIRED,
                "",
                1,
                2),
            new Case(
                "protected VM is refused",
                shopUsers("s-shop", "s-old").replace("disk: 30GiB", protectedVm),
                shopUsers("s-shop").replace("disk: 30GiB", protectedVm),
                SafetySettings.defaults(),
                "",
                "VM shop00 is protected (protected: true): service user(s) s-old and their homes"
                    + " under /srv are not removed",
                0,
                1),
            new Case(
                "protected environment is refused",
                shopUsers("s-shop", "s-old").replace("production: true", protectedEnv),
                shopUsers("s-shop").replace("production: true", protectedEnv),
                SafetySettings.defaults(),
                "",
                "VM shop00 is protected (protected: true): service user(s) s-old and their homes"
                    + " under /srv are not removed; restore them in Git, or remove protected: true"
                    + " in a commit of its own first (the whole environment shop-production is"
                    + " protected: true)",
                0,
                1),
            new Case(
                "grace period zero removes the home at once",
                shopUsers("s-shop", "s-old"),
                shopUsers("s-shop"),
                new SafetySettings(Duration.ZERO, 25, 5),
                "",
                "",
                1,
                2))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stagesRemovedServiceUsers(Case c) {
    PullRequestPlan plan = plan(c.baseShop(), c.headShop(), c.settings());

    EnvironmentPlan shop = plan.environments().get(0);
    List<PlannedChange> guests =
        shop.changes().stream()
            .filter(p -> p.change().resource().kind() == ResourceKind.GUEST)
            .toList();
    assertThat(guests).hasSize(c.destructive());
    assertThat(guests).allMatch(p -> p.change().impact() == Impact.DESTRUCTIVE);
    assertThat(shop.summary().destructive()).isEqualTo(c.destructive());
    if (c.staging().isEmpty()) {
      assertThat(guests).allMatch(p -> p.staging().isEmpty());
      assertThat(guests)
          .allSatisfy(p -> assertThat(p.change().reason()).contains("s-old (no grace period)"));
    } else {
      assertThat(guests).singleElement().extracting(PlannedChange::staging).isEqualTo(c.staging());
      assertThat(PlanMarkdown.render(plan)).contains("**staged:** " + c.staging());
      assertThat(PlanText.render(plan)).contains("[staged: " + c.staging() + "]");
      assertThat(PlanJson.tree(plan).at("/environments/0/changes/0/staging").asText())
          .isEqualTo(c.staging());
    }
    if (c.refusal().isEmpty()) {
      assertThat(shop.refused()).isEmpty();
    } else {
      assertThat(shop.refused())
          .extracting(Refusal::reason)
          .singleElement()
          .asString()
          .startsWith(c.refusal());
      assertThat(PlanMarkdown.render(plan)).contains(c.refusal());
    }
    assertThat(plan.exitCode()).isEqualTo(c.exitCode());
  }

  static Stream<Arguments> budgetConsents() {
    return Stream.of(
        Arguments.of(
            Consent.CLI,
            "needs approval (apply --allow-mass-delete, or the daemon's approval API naming the"
                + " merge commit)"),
        Arguments.of(
            Consent.DAEMON,
            "needs approval (POST /v1/approvals/mass-delete naming the merge commit)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("budgetConsents")
  void theDeletionBudgetNamesTheApprovalOfWhereThePlanIsRead(Consent consent, String approval) {
    String three = PlanStagingTest.vm("shop01") + PlanStagingTest.vm("shop02");
    PullRequestPlan plan =
        plan(
            shop("4GiB", "30GiB", false, three + PlanStagingTest.vm("shop03")),
            shop("4GiB", "30GiB", false, PlanStagingTest.vm("shop01")),
            SafetySettings.defaults().withConsent(consent));

    assertThat(plan.environments().get(0).changes())
        .filteredOn(p -> !p.staging().isEmpty())
        .hasSize(10)
        .allSatisfy(
            p ->
                assertThat(p.staging())
                    .isEqualTo(
                        "deletion budget exceeded: 2 of 4 VMs of shop-production (more than 25"
                            + " %); "
                            + approval));
  }

  @Test
  void consentDefaultsToTheCommandLineAndTheDaemonNamesTheCommit() {
    assertThat(SafetySettings.defaults().consent()).isEqualTo(Consent.CLI);
    assertThat(new SafetySettings(Duration.ZERO, 25, 5, null).consent()).isEqualTo(Consent.CLI);
    assertThat(Consent.DAEMON.massDelete("3f2c"))
        .isEqualTo("POST /v1/approvals/mass-delete naming commit 3f2c");
    assertThat(Consent.CLI.massDelete("3f2c")).isEqualTo("apply --allow-mass-delete");
    assertThat(Consent.DAEMON.destroy()).isEqualTo("ringmaster.reconcile.allow-destructive=true");
  }

  private PullRequestPlan plan(String baseShop, String headShop, SafetySettings settings) {
    RevCommit start = repo.write("environments/shop.yaml", baseShop).commit("start");
    RevCommit head = repo.write("environments/shop.yaml", headShop).commit("head");
    return new PullRequestPlanner(CLOCK, settings).plan(dir, start.name(), head.name());
  }
}
