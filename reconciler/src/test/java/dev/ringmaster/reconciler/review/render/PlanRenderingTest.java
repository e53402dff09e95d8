package dev.ringmaster.reconciler.review.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.Position;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.review.EnvironmentPlan;
import dev.ringmaster.reconciler.review.PlanReview;
import dev.ringmaster.reconciler.review.PlanSummary;
import dev.ringmaster.reconciler.review.PlannedChange;
import dev.ringmaster.reconciler.review.PullRequestPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden-text tests: the expected comments live in {@code src/test/resources/.../golden}. Run with
 * {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
class PlanRenderingTest {
  static final String BASE = "1111111111111111111111111111111111111111";
  static final String HEAD = "2222222222222222222222222222222222222222";
  static final Instant NOW = Instant.parse("2026-11-22T04:32:15Z");

  static Change change(
      ResourceId id,
      Action action,
      Impact impact,
      Map<String, String> before,
      Map<String, String> after) {
    return new Change(
        id,
        "shop-production",
        action,
        impact,
        new TreeMap<>(before),
        new TreeMap<>(after),
        null,
        "");
  }

  static PullRequestPlan mixed() {
    Plan shop =
        new Plan(
            HEAD,
            List.of(
                change(
                    ResourceId.volume("kvm01", "shop02-root"),
                    Action.CREATE,
                    Impact.LIVE,
                    Map.of(),
                    Map.of("pool", "vms", "capacity", "30GiB")),
                change(
                    ResourceId.domain("kvm01", "shop00"),
                    Action.UPDATE,
                    Impact.RESTART,
                    Map.of("memory", "4GiB", "cores", "2", "running", "true"),
                    Map.of("memory", "8GiB", "cores", "2", "running", "true")),
                change(
                    ResourceId.volume("kvm01", "shop01-root"),
                    Action.DELETE,
                    Impact.DESTRUCTIVE,
                    Map.of("pool", "vms", "capacity", "100GiB"),
                    Map.of()),
                change(
                    ResourceId.domain("kvm01", "shop01"),
                    Action.DELETE,
                    Impact.DESTRUCTIVE,
                    Map.of("memory", "8GiB", "cores", "4"),
                    Map.of()),
                change(
                    ResourceId.guest("kvm01", "shop00"),
                    Action.NO_OP,
                    Impact.LIVE,
                    Map.of("configHash", "abc"),
                    Map.of("configHash", "abc"))));
    Plan blog = new Plan(HEAD, List.of());
    return new PullRequestPlan(
        BASE,
        HEAD,
        NOW,
        List.of(
            EnvironmentPlan.of("blog-staging", blog, Maintenance.DEFAULT, NOW),
            EnvironmentPlan.of("shop-production", shop, Maintenance.DEFAULT, NOW)),
        List.of(
            Diagnostic.warning(
                new Position("environments/blog.yaml", 3, 1), "", "no VMs declared", "")));
  }

  static PullRequestPlan nothingToDo() {
    return new PullRequestPlan(
        BASE,
        HEAD,
        NOW,
        List.of(
            EnvironmentPlan.of(
                "blog-staging", new Plan(HEAD, List.of()), Maintenance.DEFAULT, NOW)),
        List.of());
  }

  static PullRequestPlan invalid() {
    return new PullRequestPlan(
        BASE,
        HEAD,
        NOW,
        List.of(),
        List.of(
            Diagnostic.error(
                new Position("environments/shop.yaml", 14, 13),
                "vms[1].memory",
                "\"8GB\" is not a size",
                "write 8GiB"),
            Diagnostic.error(
                new Position("environments/shop.yaml", 20, 5),
                "vms[2].roles[0]",
                "unknown role \"postgres16\"",
                "did you mean postgresql16?")));
  }

  static PullRequestPlan refused() {
    Plan plan =
        new Plan(
            HEAD,
            List.of(),
            List.of(
                new Refusal(
                    ResourceId.volume("kvm01", "shop00-root"),
                    "shop-production",
                    "capacity 20GiB is smaller than the last applied 30GiB; disks only ever grow")),
            new TreeMap<>());
    return new PullRequestPlan(
        BASE,
        HEAD,
        NOW,
        List.of(EnvironmentPlan.of("shop-production", plan, Maintenance.DEFAULT, NOW)),
        List.of());
  }

  static PullRequestPlan stagedLive() {
    Change domain =
        change(
            ResourceId.domain("kvm01", "shop01"),
            Action.DELETE,
            Impact.DESTRUCTIVE,
            Map.of("memory", "8GiB"),
            Map.of());
    Change root =
        change(
            ResourceId.volume("kvm01", "shop01-root"),
            Action.DELETE,
            Impact.DESTRUCTIVE,
            Map.of("capacity", "100GiB"),
            Map.of());
    String soft =
        "soft delete on merge: shut down, disks kept; deleted for good after 3 days"
            + " (2026-11-25T04:32:15Z if merged now) unless restored in Git";
    EnvironmentPlan shop =
        new EnvironmentPlan(
            "shop-production",
            List.of(new PlannedChange(domain, null, soft), new PlannedChange(root, null, soft)),
            List.of(
                new Refusal(
                    ResourceId.domain("kvm01", "shop02"),
                    "shop-production",
                    "VM shop02 is protected (protected: true) and is not deleted")));
    EnvironmentPlan blog = new EnvironmentPlan("blog-staging", List.of(), List.of());
    return new PullRequestPlan(
        BASE,
        HEAD,
        NOW,
        List.of(blog, shop),
        List.of(),
        true,
        new TreeMap<>(Map.of("blog-staging", "hypervisor kvm02 unreachable: connection refused")));
  }

  static PullRequestPlan budget() {
    String why =
        PlanReview.budgetText(
            "deletion budget exceeded: this commit removes 2 of 3 VMs of shop-production (more"
                + " than 25 %); nothing is deleted without apply --allow-mass-delete");
    Change domain =
        change(
            ResourceId.domain("kvm01", "shop01"),
            Action.DELETE,
            Impact.DESTRUCTIVE,
            Map.of("memory", "8GiB"),
            Map.of());
    return new PullRequestPlan(
        BASE,
        HEAD,
        NOW,
        List.of(
            new EnvironmentPlan(
                "shop-production", List.of(new PlannedChange(domain, null, why)), List.of())),
        List.of());
  }

  static PullRequestPlan untouched() {
    return new PullRequestPlan(BASE, HEAD, NOW, List.of(), List.of());
  }

  static Stream<Arguments> golden() {
    return Stream.of(
        Arguments.of("mixed", mixed(), 2),
        Arguments.of("nothing-to-do", nothingToDo(), 0),
        Arguments.of("invalid", invalid(), 1),
        Arguments.of("refused", refused(), 1),
        Arguments.of("untouched", untouched(), 0),
        Arguments.of("staged-live", stagedLive(), 1),
        Arguments.of("budget", budget(), 2));
  }

  @ParameterizedTest(name = "{0}.md")
  @MethodSource("golden")
  void markdown(String name, PullRequestPlan plan, int exitCode) throws IOException {
    assertGolden(name + ".md", plan, PlanMarkdown::render);
    assertThat(plan.exitCode()).isEqualTo(exitCode);
  }

  @ParameterizedTest(name = "{0}.json")
  @MethodSource("golden")
  void json(String name, PullRequestPlan plan, int exitCode) throws IOException {
    assertGolden(name + ".json", plan, PlanJson::render);
    assertThat(PlanJson.tree(plan).get("exitCode").asInt()).isEqualTo(exitCode);
  }

  @Test
  void destructiveChangesComeFirstAndRestartChangesNameTheirWindow() {
    EnvironmentPlan shop = mixed().environments().get(1);

    assertThat(shop.changes())
        .extracting(c -> c.change().impact())
        .containsExactly(Impact.DESTRUCTIVE, Impact.DESTRUCTIVE, Impact.RESTART, Impact.LIVE);
    assertThat(shop.withImpact(Impact.RESTART).get(0).window().render())
        .isEqualTo("2026-11-22 22:00–05:00 Europe/Berlin");
    assertThat(shop.summary()).isEqualTo(new PlanSummary(1, 1, 2, 1, 1, 2));
    assertThat(shop.summary().text()).isEqualTo("+1 ~1 -2");
  }

  static void assertGolden(
      String file, PullRequestPlan plan, Function<PullRequestPlan, String> render)
      throws IOException {
    String actual = render.apply(plan);
    if (Boolean.getBoolean("golden.update")) {
      Path target =
          Path.of("src/test/resources/dev/ringmaster/reconciler/review/render/golden", file);
      Files.createDirectories(target.getParent());
      Files.writeString(target, actual, StandardCharsets.UTF_8);
    }
    try (InputStream in = PlanRenderingTest.class.getResourceAsStream("golden/" + file)) {
      assertThat(in).as("golden file %s", file).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
