package dev.ringmaster.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.gate.SafetySettings;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.review.render.PlanJson;
import dev.ringmaster.reconciler.review.render.PlanMarkdown;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The staging a PR plan shows for removed VMs, table-driven over real base and head commits: the
 * engine's safety gate decides (soft delete, protection, deletion budget), the plan says it in
 * words, and the deletions still count as destructive.
 */
class PlanStagingTest extends PullRequestFixture {
  static final String SOFT =
      "soft delete on merge: shut down, disks kept; deleted for good after 3 days"
          + " (2026-11-25T04:32:15Z if merged now) unless restored in Git";

  static String vm(String name) {
    return """
          - name: %s
            host: kvm01
            memory: 1GiB
            cores: 1
            disk: 10GiB
        """
        .formatted(name);
  }

  static String shopWith(String vms) {
    return shop("4GiB", "30GiB", false, vms);
  }

  static String protectedVm() {
    return shop("4GiB", "30GiB", true, "")
        .replace("disk: 100GiB", "disk: 100GiB\n    protected: true");
  }

  record Case(
      String name,
      String baseShop,
      String headShop,
      SafetySettings settings,
      String staging,
      String refusal,
      int deletions,
      int exitCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    SafetySettings defaults = SafetySettings.defaults();
    String three = vm("shop01") + vm("shop02") + vm("shop03");
    return Stream.of(
            new Case(
                "removed VM is soft-deleted",
                shop("4GiB", "30GiB", true, ""),
                shop("4GiB", "30GiB", false, ""),
                defaults,
                SOFT,
                "",
                4,
                2),
            new Case(
                "protected VM is refused",
                protectedVm(),
                shop("4GiB", "30GiB", false, ""),
                defaults,
                "",
                "VM shop01 is protected (protected: true) and is not deleted",
                0,
                1),
            new Case(
                "protected environment is refused",
                shop("4GiB", "30GiB", true, "").replace("production: true", "protected: true"),
                shop("4GiB", "30GiB", false, "").replace("production: true", "protected: true"),
                defaults,
                "",
                "VM shop01 is protected (protected: true) and is not deleted; restore it in Git, or"
                    + " remove protected: true in a commit of its own first (the whole environment"
                    + " shop-production is protected: true)",
                0,
                1),
            new Case(
                "more than 25 % of an environment needs approval",
                shopWith(three),
                shopWith(vm("shop01")),
                defaults,
                "deletion budget exceeded: 2 of 4 VMs of shop-production (more than 25 %); needs"
                    + " approval (apply --allow-mass-delete, or the daemon's approval API naming"
                    + " the merge commit)",
                "",
                8,
                2),
            new Case(
                "more than the fleet-wide limit needs approval",
                shopWith(three),
                shopWith(vm("shop01")),
                new SafetySettings(Duration.ofDays(3), 100, 1),
                "deletion budget exceeded: 2 VMs fleet-wide (more than 1); needs approval",
                "",
                8,
                2),
            new Case(
                "grace period zero deletes at once",
                shop("4GiB", "30GiB", true, ""),
                shop("4GiB", "30GiB", false, ""),
                new SafetySettings(Duration.ZERO, 25, 5),
                "",
                "",
                4,
                2))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stagesRemovedVms(Case c) {
    RevCommit start = repo.write("environments/shop.yaml", c.baseShop()).commit("start");
    RevCommit head = repo.write("environments/shop.yaml", c.headShop()).commit("head");

    PullRequestPlan plan =
        new PullRequestPlanner(CLOCK, c.settings()).plan(dir, start.name(), head.name());

    EnvironmentPlan shop = plan.environments().get(0);
    List<PlannedChange> deletions =
        shop.changes().stream().filter(p -> p.change().action() == Action.DELETE).toList();
    assertThat(deletions).hasSize(c.deletions());
    assertThat(deletions).allMatch(p -> p.change().impact() == Impact.DESTRUCTIVE);
    assertThat(shop.summary().destructive()).isEqualTo(c.deletions());
    if (c.staging().isEmpty()) {
      assertThat(deletions).allMatch(p -> p.staging().isEmpty());
    } else {
      assertThat(deletions).allSatisfy(p -> assertThat(p.staging()).startsWith(c.staging()));
      assertThat(PlanMarkdown.render(plan)).contains("**staged:** " + c.staging());
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

  @Test
  void stagingIsInTheJson() {
    repo.write("environments/shop.yaml", shop("4GiB", "30GiB", false, ""));

    PullRequestPlan plan = planHead();

    assertThat(PlanJson.tree(plan).at("/environments/0/changes/0/staging").asText())
        .isEqualTo(SOFT);
    assertThat(PlanJson.tree(plan).get("live").asBoolean()).isFalse();
  }
}
