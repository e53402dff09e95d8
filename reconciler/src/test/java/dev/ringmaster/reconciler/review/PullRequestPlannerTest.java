package dev.ringmaster.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.review.render.PlanMarkdown;
import org.junit.jupiter.api.Test;

class PullRequestPlannerTest extends PullRequestFixture {
  @Test
  void baseAgainstItselfPlansNothing() {
    PullRequestPlan plan = new PullRequestPlanner(CLOCK).plan(dir, base.name(), base.name());

    assertThat(plan.errors()).isEmpty();
    assertThat(plan.environments()).isEmpty();
    assertThat(plan.exitCode()).isEqualTo(PullRequestPlan.NOTHING_TO_DO);
  }

  @Test
  void memoryChangeIsARestartInTheNextWindow() {
    repo.write("environments/shop.yaml", shop("8GiB", "30GiB", true, ""));

    PullRequestPlan plan = planHead();

    assertThat(plan.errors()).isEmpty();
    assertThat(plan.environments())
        .extracting(EnvironmentPlan::name)
        .containsExactly("shop-production");
    EnvironmentPlan shop = plan.environments().get(0);
    assertThat(shop.withImpact(Impact.RESTART))
        .extracting(
            p -> p.change().resource().toString(),
            p -> p.change().action(),
            PlannedChange::attributes,
            p -> p.window().render())
        .containsExactly(
            tuple(
                "domain/kvm01/shop00",
                Action.UPDATE,
                java.util.List.of(new AttributeChange("memory", "4GiB", "8GiB")),
                "2026-11-22 22:00–05:00 Europe/Berlin"));
    assertThat(shop.withImpact(Impact.DESTRUCTIVE)).isEmpty();
    assertThat(plan.exitCode()).isEqualTo(PullRequestPlan.CHANGES);
    assertThat(PlanMarkdown.render(plan))
        .contains("**update** `domain/kvm01/shop00` in window 2026-11-22 22:00–05:00 Europe/Berlin")
        .contains("  - memory: `4GiB` → `8GiB`");
  }

  @Test
  void removedVmIsDestructive() {
    repo.write("environments/shop.yaml", shop("4GiB", "30GiB", false, ""));

    PullRequestPlan plan = planHead();

    EnvironmentPlan shop = plan.environments().get(0);
    assertThat(shop.withImpact(Impact.DESTRUCTIVE))
        .extracting(p -> p.change().action() + " " + p.change().resource())
        .containsExactlyInAnyOrder(
            "DELETE domain/kvm01/shop01",
            "DELETE seed/kvm01/shop01",
            "DELETE volume/kvm01/shop01-root",
            "DELETE volume/kvm01/shop01-swap",
            "DELETE volume/kvm01/shop01-tmp");
    assertThat(shop.changes().get(0).change().impact()).isEqualTo(Impact.DESTRUCTIVE);
    assertThat(plan.exitCode()).isEqualTo(PullRequestPlan.CHANGES);
    assertThat(PlanMarkdown.render(plan)).contains("> [!CAUTION]\n> **Destructive: 5 changes");
  }

  @Test
  void deletedEnvironmentFileDeletesItsVmsDestructively() {
    repo.delete("environments/blog.yaml");

    PullRequestPlan plan = planHead();

    assertThat(plan.environments())
        .extracting(EnvironmentPlan::name)
        .containsExactly("blog-staging");
    assertThat(plan.environments().get(0).changes())
        .extracting(
            p -> p.change().action() + " " + p.change().impact() + " " + p.change().resource())
        .containsExactlyInAnyOrder(
            "DELETE DESTRUCTIVE domain/kvm01/blog00",
            "DELETE DESTRUCTIVE seed/kvm01/blog00",
            "DELETE DESTRUCTIVE volume/kvm01/blog00-root",
            "DELETE DESTRUCTIVE volume/kvm01/blog00-swap",
            "DELETE DESTRUCTIVE volume/kvm01/blog00-tmp");
  }

  @Test
  void newVmIsCreatedLive() {
    repo.write(
        "environments/shop.yaml",
        shop(
            "4GiB",
            "30GiB",
            true,
            """
              - name: shop02
                host: kvm01
                memory: 2GiB
                cores: 1
                disk: 20GiB
            """));

    PullRequestPlan plan = planHead();

    EnvironmentPlan shop = plan.environments().get(0);
    assertThat(shop.changes())
        .filteredOn(p -> p.change().resource().name().startsWith("shop02"))
        .extracting(
            p -> p.change().action() + " " + p.change().impact() + " " + p.change().resource())
        .contains(
            "CREATE LIVE volume/kvm01/shop02-root",
            "CREATE LIVE volume/kvm01/shop02-swap",
            "CREATE LIVE volume/kvm01/shop02-tmp",
            "CREATE LIVE domain/kvm01/shop02",
            "CREATE LIVE guest/kvm01/shop02");
    assertThat(shop.withImpact(Impact.DESTRUCTIVE)).isEmpty();
    assertThat(shop.withImpact(Impact.RESTART)).isEmpty();
  }

  @Test
  void invalidHeadReportsErrorsWithPositions() {
    repo.write("environments/shop.yaml", shop("8GB", "30GiB", true, ""));

    PullRequestPlan plan = planHead();

    assertThat(plan.valid()).isFalse();
    assertThat(plan.exitCode()).isEqualTo(PullRequestPlan.INVALID);
    assertThat(plan.environments()).isEmpty();
    assertThat(plan.errors())
        .anySatisfy(
            d -> {
              assertThat(d.position().file()).isEqualTo("environments/shop.yaml");
              assertThat(d.position().line()).isEqualTo(13);
              assertThat(d.position().column()).isPositive();
              assertThat(d.path()).isEqualTo("vms[0].memory");
            });
    assertThat(PlanMarkdown.render(plan)).contains("- `environments/shop.yaml:13:");
  }

  @Test
  void shrinkingARootDiskAgainstTheBaseIsInvalid() {
    repo.write("environments/shop.yaml", shop("4GiB", "20GiB", true, ""));

    PullRequestPlan plan = planHead();

    assertThat(plan.exitCode()).isEqualTo(PullRequestPlan.INVALID);
    assertThat(plan.errors()).anySatisfy(d -> assertThat(d.path()).isEqualTo("vms[0].disk"));
  }

  @Test
  void changeOutsideTheFleetPlansNothing() {
    repo.write("README.md", "changed\n");

    PullRequestPlan plan = planHead();

    assertThat(plan.environments()).isEmpty();
    assertThat(plan.exitCode()).isEqualTo(PullRequestPlan.NOTHING_TO_DO);
  }

  @Test
  void hypervisorChangePlansItsEnvironmentsAndSharedNetworks() {
    repo.write("hosts/kvm01.yaml", KVM01.replace("br-fe", "br-public"));

    PullRequestPlan plan = planHead();

    assertThat(plan.environments())
        .extracting(EnvironmentPlan::name)
        .containsExactly("blog-staging", "shop-production", EnvironmentPlan.SHARED);
    assertThat(plan.environments().get(2).changes())
        .extracting(p -> p.change().resource().toString(), PlannedChange::attributes)
        .containsExactly(
            tuple(
                "network/kvm01/ringmaster-kvm01-fe",
                java.util.List.of(new AttributeChange("bridge", "br-fe", "br-public"))));
  }
}
